import { describe, expect, it } from "vitest";
import { runView } from "./runState";

const definition = {
  nodes: [
    { id: "start", type: "trigger.manual" },
    { id: "a", type: "core.set" },
    { id: "b", type: "core.set" },
  ],
  edges: [
    { from: "start", to: "a" },
    { from: "a", to: "b" },
  ],
};

describe("runView", () => {
  it("colours nodes queued, running and succeeded as the events arrive", () => {
    expect(runView(definition, [{ type: "execution.queued", data: {} }]).nodes).toEqual({ start: "queued", a: "queued", b: "queued" });
    const started = runView(definition, [
      { type: "execution.queued", data: {} },
      { type: "execution.started", data: {} },
      { type: "step.succeeded", data: { node_id: "start" } },
    ]);
    expect(started).toEqual({ status: "running", nodes: { start: "succeeded", a: "running", b: "queued" } });
    const finished = runView(definition, [
      { type: "execution.started", data: {} },
      { type: "step.succeeded", data: { node_id: "start" } },
      { type: "step.failed", data: { node_id: "a" } },
      { type: "execution.finished", data: { status: "failed" } },
    ]);
    expect(finished).toEqual({ status: "failed", nodes: { start: "succeeded", a: "failed" } });
  });
});
