import { useEffect, useRef } from "react";

export const SHORTCUTS: [string, string][] = [
  ["?", "Show these shortcuts"],
  ["Ctrl+S", "Save"],
  ["Ctrl+Enter", "Run"],
  ["Ctrl+Z", "Undo"],
  ["Ctrl+Shift+Z or Ctrl+Y", "Redo"],
  ["Ctrl+C / Ctrl+V", "Copy and paste the selected nodes"],
  ["Ctrl+A", "Select every node"],
  ["Delete or Backspace", "Delete the selection"],
  ["Shift+click or Shift+drag", "Select several nodes"],
  ["L", "Auto-layout"],
  ["F", "Fit the workflow to the screen"],
  ["Tab, then Enter", "Focus a node and select it; arrow keys move it"],
];

export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);
  return (
    <dialog ref={dialog} aria-labelledby="shortcuts-title" onClose={onClose} className="dialog">
      <h2 id="shortcuts-title">Keyboard shortcuts</h2>
      <table>
        <tbody>
          {SHORTCUTS.map(([keys, what]) => (
            <tr key={keys}>
              <th scope="row">
                <kbd>{keys}</kbd>
              </th>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={onClose}>
        Close
      </button>
    </dialog>
  );
}
