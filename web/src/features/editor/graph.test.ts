import { describe, expect, it } from "vitest";
import { connectionProblem, fieldTarget, freeId, outputsOf, toDefinition, toFlow, wouldCycle } from "./graph";

const types = new Map([
  ["trigger.manual", { outputs: ["main"], trigger: true }],
  ["core.if", { outputs: ["true", "false"], trigger: false }],
  ["core.set", { outputs: ["main"], trigger: false }],
  ["core.switch", { outputs: ["<case name>", "default"], trigger: false }],
]);

describe("graph", () => {
  it("round-trips a definition with branch outputs and positions", () => {
    const definition = {
      nodes: [
        { id: "start", type: "trigger.manual", position: { x: 0, y: 0 } },
        { id: "check", type: "core.if", parameters: { condition: "{{ true }}" }, position: { x: 200, y: 0 } },
        { id: "yes", type: "core.set", parameters: { values: {} }, position: { x: 400, y: 0 } },
      ],
      edges: [
        { from: "start", to: "check" },
        { from: "check", to: "yes", output: "true" },
      ],
    };
    const { nodes, edges } = toFlow(definition, types);
    expect(nodes[1].data.outputs).toEqual(["true", "false", "error"]);
    expect(nodes[0].data.outputs).toEqual(["main"]);
    expect(toDefinition(nodes, edges)).toEqual(definition);
  });

  it("draws a handle per switch case and default", () => {
    expect(outputsOf({ id: "s", type: "core.switch", parameters: { cases: { a: 1, b: 2 } } }, ["<case name>", "default"], false)).toEqual([
      "a",
      "b",
      "default",
      "error",
    ]);
  });

  it("refuses cycles, edges into triggers and duplicates", () => {
    const { nodes, edges } = toFlow(
      {
        nodes: [
          { id: "start", type: "trigger.manual" },
          { id: "a", type: "core.set" },
          { id: "b", type: "core.set" },
        ],
        edges: [
          { from: "start", to: "a" },
          { from: "a", to: "b" },
        ],
      },
      types,
    );
    expect(wouldCycle(edges, "b", "a")).toBe(true);
    expect(connectionProblem(nodes, edges, "b", "a", "main")).toMatch(/cycle/);
    expect(connectionProblem(nodes, edges, "a", "start", "main")).toMatch(/trigger/);
    expect(connectionProblem(nodes, edges, "a", "b", "main")).toMatch(/already/);
    expect(connectionProblem(nodes, edges, "start", "b", "main")).toBeNull();
  });

  it("names new nodes from their type without clashes", () => {
    expect(freeId("core.set", new Set(["set"]))).toBe("set_2");
    expect(freeId("integration.http.request", new Set())).toBe("request");
  });

  it("finds the node of a save error", () => {
    expect(fieldTarget("definition.nodes[3].parameters.url")).toEqual({ index: 3, rest: "parameters.url" });
    expect(fieldTarget("definition.edges[0].to")).toBeNull();
  });
});
