import { useCallback, useMemo, useRef, useState } from "react";
import type { NodeType } from "../api/editor";
import type { FlowNode } from "../graph";
import type { DefinitionNode } from "../../workflows/api/workflows";
import type { ExpressionContext } from "./ExpressionInput";
import { ParametersForm } from "./ParametersForm";

interface Props {
  node: FlowNode;
  nodeType?: NodeType;
  others: FlowNode[];
  errors: Record<string, string[]>;
  expressions: ExpressionContext;
  readOnly: boolean;
  onChange: (definition: DefinitionNode) => void;
  onRename: (from: string, to: string) => string | null;
  onConnect: (output: string, target: string) => string | null;
  onDelete: () => void;
}

/** The selected node's settings: id, label, parameters (a form from its type's schema),
 * retry and timeout, its connections; the save's errors for it, each on its field. */
export function NodeInspector({ node, nodeType, others, errors, expressions, readOnly, onChange, onRename, onConnect, onDelete }: Props) {
  const definition = node.data.definition;
  const [id, setId] = useState(node.id);
  const [renameError, setRenameError] = useState<string | null>(null);
  const [output, setOutput] = useState(node.data.outputs[0] ?? "main");
  const [target, setTarget] = useState("");
  const [connectError, setConnectError] = useState<string | null>(null);
  // Stable across renders, so the (heavy) parameters form re-renders only when its own data changes.
  const latest = useRef({ definition, onChange });
  latest.current = { definition, onChange };
  const changeParameters = useCallback(
    (parameters: Record<string, unknown>) => latest.current.onChange({ ...latest.current.definition, parameters }),
    [],
  );
  const { parameterErrors, otherErrors } = useMemo(() => splitErrors(errors), [errors]);
  const retry = (definition.retry ?? {}) as { max_attempts?: number; backoff_seconds?: number };
  const number = (text: string) => (text === "" ? undefined : Number(text));

  return (
    <aside className="inspector" aria-label={`Settings of ${definition.name || node.id}`}>
      <h2>{definition.name || node.id}</h2>
      <p className="muted">
        <code>{definition.type}</code> — {nodeType?.description ?? "unknown node type"}
      </p>
      {otherErrors.map(([field, messages]) => (
        <p key={field} role="alert" className="error">
          {field ? `${field}: ` : ""}
          {messages.join("; ")}
        </p>
      ))}
      <div className="form">
        <label>
          Node ID
          <input
            value={id}
            disabled={readOnly}
            onChange={(event) => setId(event.target.value)}
            onBlur={() => {
              if (id !== node.id) {
                const problem = onRename(node.id, id);
                setRenameError(problem);
                if (problem) setId(node.id);
              }
            }}
            aria-invalid={renameError !== null}
          />
        </label>
        {renameError && (
          <p role="alert" className="error">
            {renameError}
          </p>
        )}
        <label>
          Label
          <input
            value={definition.name ?? ""}
            disabled={readOnly}
            onChange={(event) => onChange({ ...definition, name: event.target.value || undefined })}
          />
        </label>
      </div>
      <h3>Parameters</h3>
      {nodeType ? (
        <ParametersForm
          key={node.id}
          schema={nodeType.parameters_schema as never}
          value={definition.parameters ?? {}}
          onChange={changeParameters}
          errors={parameterErrors}
          expressions={expressions}
          credentialTypes={nodeType.credential_types ?? []}
          disabled={readOnly}
        />
      ) : (
        <p>This node type is not known to the server.</p>
      )}
      {!node.data.trigger && (
        <fieldset className="form">
          <legend>Retry and timeout</legend>
          <label>
            Max attempts
            <input
              type="number"
              min={1}
              value={retry.max_attempts ?? ""}
              disabled={readOnly}
              onChange={(event) =>
                onChange({ ...definition, retry: clean({ ...retry, max_attempts: number(event.target.value) }) })
              }
            />
          </label>
          <label>
            Backoff seconds
            <input
              type="number"
              min={0}
              step="any"
              value={retry.backoff_seconds ?? ""}
              disabled={readOnly}
              onChange={(event) =>
                onChange({ ...definition, retry: clean({ ...retry, backoff_seconds: number(event.target.value) }) })
              }
            />
          </label>
          <label>
            Timeout seconds
            <input
              type="number"
              min={0}
              step="any"
              value={definition.timeout_seconds ?? ""}
              disabled={readOnly}
              onChange={(event) => onChange({ ...definition, timeout_seconds: number(event.target.value) ?? null })}
            />
          </label>
        </fieldset>
      )}
      {!readOnly && node.data.outputs.length > 0 && (
        <form
          className="form connect"
          aria-label="Connect to another node"
          onSubmit={(event) => {
            event.preventDefault();
            setConnectError(target ? onConnect(output, target) : "choose a node to connect to");
          }}
        >
          <h3>Connect</h3>
          <label>
            Output
            <select value={output} onChange={(event) => setOutput(event.target.value)}>
              {node.data.outputs.map((name) => (
                <option key={name}>{name}</option>
              ))}
            </select>
          </label>
          <label>
            To node
            <select value={target} onChange={(event) => setTarget(event.target.value)}>
              <option value="">Choose a node</option>
              {others.map((other) => (
                <option key={other.id} value={other.id}>
                  {other.data.definition.name || other.id}
                </option>
              ))}
            </select>
          </label>
          <button type="submit">Connect</button>
          {connectError && (
            <p role="alert" className="error">
              {connectError}
            </p>
          )}
        </form>
      )}
      {!readOnly && (
        <button type="button" className="danger" onClick={onDelete}>
          Delete node
        </button>
      )}
    </aside>
  );
}

function splitErrors(errors: Record<string, string[]>) {
  const parameterErrors: Record<string, string[]> = {};
  const otherErrors: [string, string[]][] = [];
  for (const [field, messages] of Object.entries(errors)) {
    if (field.startsWith("parameters.")) parameterErrors[field.slice("parameters.".length)] = messages;
    else if (field === "parameters" && messages.every((message) => / is a required property$/.test(message)))
      parameterErrors[""] = messages;
    else otherErrors.push([field, messages]);
  }
  return { parameterErrors, otherErrors };
}

function clean(retry: Record<string, unknown>): Record<string, unknown> | null {
  const kept = Object.fromEntries(Object.entries(retry).filter(([, value]) => value !== undefined && !Number.isNaN(value)));
  return Object.keys(kept).length ? kept : null;
}
