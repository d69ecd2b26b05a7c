import { useMemo, useState } from "react";
import type { NodeType } from "../api/editor";

const GROUPS: { category: NodeType["category"]; title: string }[] = [
  { category: "trigger", title: "Triggers" },
  { category: "core", title: "Core" },
  { category: "integration", title: "Connectors" },
];

export const DRAG_TYPE = "application/x-jobsprint-node-type";

/** Every node type, searchable; click one (or Enter on it) to add it, or drag it onto the canvas. */
export function NodePalette({ types, onAdd, disabled }: { types: NodeType[]; onAdd: (type: string) => void; disabled: boolean }) {
  const [query, setQuery] = useState("");
  const shown = useMemo(() => {
    const words = query.toLowerCase().split(/\s+/).filter(Boolean);
    return types.filter((type) => words.every((word) => `${type.type} ${type.description}`.toLowerCase().includes(word)));
  }, [types, query]);
  return (
    <aside className="palette" aria-label="Node palette">
      <label>
        Search node types
        <input type="search" value={query} onChange={(event) => setQuery(event.target.value)} placeholder="http, if, slack…" />
      </label>
      {GROUPS.map(({ category, title }) => {
        const items = shown.filter((type) => type.category === category);
        if (!items.length) return null;
        return (
          <section key={category} aria-label={title}>
            <h3>{title}</h3>
            <ul>
              {items.map((type) => (
                <li key={type.type} className="palette-item">
                  <button
                    type="button"
                    draggable={!disabled}
                    disabled={disabled}
                    aria-describedby={`palette-${type.type}`}
                    onDragStart={(event) => {
                      event.dataTransfer.setData(DRAG_TYPE, type.type);
                      event.dataTransfer.effectAllowed = "move";
                    }}
                    onClick={() => onAdd(type.type)}
                  >
                    {type.type}
                  </button>
                  <span id={`palette-${type.type}`}>{type.description}</span>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
      {shown.length === 0 && <p>No node type matches “{query}”.</p>}
    </aside>
  );
}
