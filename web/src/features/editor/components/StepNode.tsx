import { Handle, Position, type NodeProps } from "@xyflow/react";
import { memo } from "react";
import type { FlowNode } from "../graph";

/** A step on the canvas: its label (or id) and type, its state in the current run in words,
 * an input handle (not for triggers) and one handle per output. */
export const StepNode = memo(function StepNode({ id, data, selected }: NodeProps<FlowNode>) {
  const label = data.definition.name || id;
  const state = data.runState;
  const problems = data.problems ?? [];
  const classes = ["step", state ? `step-${state}` : "", problems.length ? "step-invalid" : "", selected ? "step-selected" : ""];
  return (
    <div
      className={classes.join(" ")}
      role="group"
      aria-label={label}
      style={{ minHeight: `${Math.max(3.2, (data.outputs.length + 1) * 0.95)}rem` }}
    >
      {!data.trigger && <Handle type="target" position={Position.Left} id="in" title={`input of ${label}`} />}
      <div className="step-label">{label}</div>
      <div className="step-type">{data.definition.type}</div>
      {state && <div className={`step-state status status-${state}`}>{state}</div>}
      {problems.length > 0 && (
        <div className="step-problem" role="note">
          {problems[0]}
        </div>
      )}
      <div className="step-outputs">
        {data.outputs.map((output, index) => (
          <Handle
            key={output}
            type="source"
            position={Position.Right}
            id={output}
            className={`handle-${output === "error" ? "error" : output === "main" ? "main" : "branch"}`}
            style={{ top: `${((index + 1) / (data.outputs.length + 1)) * 100}%` }}
            title={`${output} output of ${label}`}
          >
            {output !== "main" && <span className="handle-name">{output}</span>}
          </Handle>
        ))}
      </div>
    </div>
  );
});
