import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from "react";
import { api } from "../../../lib/api";
import { segments, wordAt, type Scope } from "../expressions";

export interface ExpressionContext {
  scope: Scope;
  names: string[];
}

interface Props {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  context: ExpressionContext;
  disabled?: boolean;
  required?: boolean;
  describedBy?: string;
  invalid?: boolean;
}

/** A parameter value with `{{ … }}` expressions: highlighted, autocompleted from the last run's
 * data, and previewed against it by the API (the engine's own CEL sandbox). */
export function ExpressionInput({ id, label, value, onChange, context, disabled, required, describedBy, invalid }: Props) {
  const listId = useId();
  const previewId = useId();
  const area = useRef<HTMLTextAreaElement>(null);
  const [cursor, setCursor] = useState<number | null>(null);
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState(false);
  const typed = cursor === null ? null : wordAt(value, cursor);
  const options = useMemo(() => {
    if (!typed) return [];
    const word = typed.word.toLowerCase();
    return context.names.filter((name) => name.toLowerCase().startsWith(word) && name !== typed.word).slice(0, 8);
  }, [typed, context.names]);
  const open = options.length > 0 && !dismissed;
  // Where the caret goes after a suggestion is taken: set as soon as React has written the new
  // value, before the next key is handled (a later frame would let fast typing land elsewhere).
  const caret = useRef<number | null>(null);
  useLayoutEffect(() => {
    if (caret.current !== null && area.current) {
      area.current.setSelectionRange(caret.current, caret.current);
      caret.current = null;
    }
  }, [value]);

  function accept(name: string) {
    if (!typed) return;
    const next = value.slice(0, typed.start) + name + value.slice(cursor ?? typed.start);
    onChange(next);
    const position = typed.start + name.length;
    setCursor(position);
    setDismissed(true);
    caret.current = position;
  }

  return (
    <div className="expression">
      <div className="expression-box">
        <pre className="expression-highlight" aria-hidden="true">
          {segments(value).map((part, index) =>
            part.expression ? (
              <mark key={index} className="expr">
                {part.text}
              </mark>
            ) : (
              <span key={index}>{part.text}</span>
            ),
          )}
          {"\n"}
        </pre>
        <textarea
          ref={area}
          id={id}
          aria-label={label}
          rows={1}
          spellCheck={false}
          value={value}
          disabled={disabled}
          required={required}
          role="combobox"
          aria-expanded={open}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-invalid={invalid || undefined}
          aria-describedby={[describedBy, previewId].filter(Boolean).join(" ")}
          aria-activedescendant={open ? `${listId}-${active}` : undefined}
          onChange={(event) => {
            onChange(event.target.value);
            setCursor(event.target.selectionStart);
            setDismissed(false);
            setActive(0);
          }}
          onSelect={(event) => setCursor(event.currentTarget.selectionStart)}
          onBlur={() => setTimeout(() => setDismissed(true), 150)}
          onKeyDown={(event) => {
            if (!open) return;
            if (event.key === "ArrowDown") {
              event.preventDefault();
              setActive((active + 1) % options.length);
            } else if (event.key === "ArrowUp") {
              event.preventDefault();
              setActive((active - 1 + options.length) % options.length);
            } else if (event.key === "Enter" || event.key === "Tab") {
              event.preventDefault();
              accept(options[active]);
            } else if (event.key === "Escape") {
              setDismissed(true);
            }
          }}
        />
      </div>
      <ul id={listId} role="listbox" aria-label={`Suggestions for ${label}`} className="suggestions" hidden={!open}>
        {open &&
          options.map((name, index) => (
            <li
              key={name}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              onMouseDown={(event) => {
                event.preventDefault();
                accept(name);
              }}
            >
              {name}
            </li>
          ))}
      </ul>
      <Preview id={previewId} value={value} scope={context.scope} />
    </div>
  );
}

function Preview({ id, value, scope }: { id: string; value: string; scope: Scope }) {
  const [shown, setShown] = useState<{ ok: boolean; text: string } | null>(null);
  const hasExpression = value.includes("{{");
  useEffect(() => {
    if (!hasExpression) {
      setShown(null);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(async () => {
      try {
        const { data, error, response } = await api.POST("/v1/expressions/evaluate", {
          body: { value, scope: scope as never },
          signal: controller.signal,
        });
        const problem = error as { detail?: string; errors?: { message: string }[] } | undefined;
        if (response.ok && data) setShown({ ok: true, text: JSON.stringify(data.result) });
        else setShown({ ok: false, text: problem?.errors?.[0]?.message ?? problem?.detail ?? `error ${response.status}` });
      } catch {
        /* aborted */
      }
    }, 300);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [value, scope, hasExpression]);
  if (!shown) return <span id={id} hidden />;
  return (
    <output id={id} className={shown.ok ? "preview" : "preview preview-error"} aria-live="polite">
      {shown.ok ? "Preview: " : "Preview error: "}
      <code>{shown.text}</code>
    </output>
  );
}
