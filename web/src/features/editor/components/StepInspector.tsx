import type { Schemas } from "../../../lib/api";
import type { Definition } from "../../workflows/api/workflows";

type Execution = Schemas["ExecutionPublic"];

/** What one step of a run did: its input, output, error, attempts and timing. */
export function StepInspector({ execution, nodeId, definition }: { execution: Execution; nodeId: string; definition: Definition }) {
  const step = execution.steps.find((candidate) => candidate.node_id === nodeId);
  const sources = definition.edges.filter((edge) => edge.to === nodeId).map((edge) => edge.from);
  const input =
    sources.length === 0
      ? execution.input
      : sources.length === 1
        ? execution.steps.find((candidate) => candidate.node_id === sources[0])?.output
        : Object.fromEntries(sources.map((source) => [source, execution.steps.find((s) => s.node_id === source)?.output]));
  const took =
    step?.started_at && step.finished_at ? `${Math.max(0, new Date(step.finished_at).getTime() - new Date(step.started_at).getTime())} ms` : null;
  return (
    <section className="step-inspector" aria-label={`Step ${nodeId} in this run`}>
      <h3>
        Step {nodeId}: <span className={`status status-${step?.status ?? "none"}`}>{step?.status ?? "not run"}</span>
      </h3>
      {step && (
        <dl className="facts">
          <dt>Attempts</dt>
          <dd>{step.attempts}</dd>
          {step.started_at && (
            <>
              <dt>Started</dt>
              <dd>{new Date(step.started_at).toLocaleTimeString()}</dd>
            </>
          )}
          {took && (
            <>
              <dt>Took</dt>
              <dd>{took}</dd>
            </>
          )}
        </dl>
      )}
      {step?.error && (
        <>
          <h4>Error</h4>
          <pre className="error-text">{step.error}</pre>
        </>
      )}
      <h4>Input</h4>
      <pre aria-label={`Input of ${nodeId}`}>{JSON.stringify(input, null, 2) ?? "—"}</pre>
      <h4>Output</h4>
      <pre aria-label={`Output of ${nodeId}`}>{step ? JSON.stringify(step.output, null, 2) : "—"}</pre>
    </section>
  );
}
