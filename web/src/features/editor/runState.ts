// Each node's state in a run, from the execution's events as they arrive: the stream names
// steps that finished; a node whose inputs have all arrived and that has not finished is running
// (or waiting, while the execution waits).
import type { Definition } from "../workflows/api/workflows";
import type { RunState } from "./graph";

export interface RunEvent {
  type: string;
  data: Record<string, unknown>;
}

export interface RunView {
  status: string | null;
  nodes: Record<string, RunState>;
}

const STEP_STATES: Record<string, RunState> = {
  "step.succeeded": "succeeded",
  "step.failed": "failed",
  "step.skipped": "skipped",
};

export function runView(definition: Definition, events: RunEvent[]): RunView {
  let status: string | null = null;
  const done: Record<string, RunState> = {};
  for (const event of events) {
    const step = STEP_STATES[event.type];
    if (step && typeof event.data.node_id === "string") done[event.data.node_id] = step;
    else if (event.type === "execution.queued") status = "queued";
    else if (event.type === "execution.started") status = "running";
    else if (event.type === "execution.waiting") status = "waiting";
    else if (event.type === "execution.finished") status = String(event.data.status ?? "succeeded");
    else if (event.type === "execution.cancelled") status = "cancelled";
  }
  if (status === null) return { status, nodes: done };
  const nodes: Record<string, RunState> = {};
  for (const node of definition.nodes) {
    if (done[node.id]) {
      nodes[node.id] = done[node.id];
      continue;
    }
    const inputs = definition.edges.filter((edge) => edge.to === node.id);
    const ready = inputs.every((edge) => done[edge.from] && done[edge.from] !== "skipped");
    if (status === "queued") nodes[node.id] = "queued";
    else if ((status === "running" || status === "waiting") && ready)
      nodes[node.id] = status === "waiting" ? "waiting" : "running";
    else if (status === "running" || status === "waiting") nodes[node.id] = "queued";
  }
  return { status, nodes };
}
