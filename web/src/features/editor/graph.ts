// The workflow definition as the canvas draws it, and back. Node positions travel in the
// definition (`position`), so a saved layout is the layout everyone sees.
import dagre from "@dagrejs/dagre";
import type { Edge, Node } from "@xyflow/react";
import type { Definition, DefinitionNode } from "../workflows/api/workflows";

export type RunState = "queued" | "running" | "succeeded" | "failed" | "waiting" | "skipped";

export interface StepData extends Record<string, unknown> {
  definition: DefinitionNode;
  outputs: string[];
  trigger: boolean;
  runState?: RunState;
  problems?: string[];
}

export type FlowNode = Node<StepData, "step">;

export const MAIN = "main";
export const ERROR = "error";

/** The outputs a node draws as handles: its type's, a switch's cases, and `error` (not triggers). */
export function outputsOf(node: DefinitionNode, typeOutputs: string[] | undefined, trigger: boolean): string[] {
  let outputs = typeOutputs ?? [MAIN];
  if (outputs.includes("<case name>")) {
    const cases = (node.parameters?.cases ?? {}) as Record<string, unknown>;
    outputs = [...Object.keys(cases), ...outputs.filter((name) => name !== "<case name>")];
  }
  if (outputs.length === 0) return [];
  return trigger ? outputs : [...outputs, ERROR];
}

export interface TypeInfo {
  outputs: string[];
  trigger: boolean;
}

export function toFlow(definition: Definition, types: Map<string, TypeInfo>): { nodes: FlowNode[]; edges: Edge[] } {
  const nodes = definition.nodes.map((node, index): FlowNode => {
    const info = types.get(node.type);
    const trigger = info?.trigger ?? node.type.startsWith("trigger.");
    return {
      id: node.id,
      type: "step",
      position: node.position ?? { x: (index % 6) * 240, y: Math.floor(index / 6) * 140 },
      data: { definition: node, outputs: outputsOf(node, info?.outputs, trigger), trigger },
    };
  });
  const edges = definition.edges.map((edge) => edgeOf(edge.from, edge.to, edge.output ?? MAIN));
  return { nodes, edges };
}

export function edgeOf(source: string, target: string, output: string): Edge {
  return {
    id: `${source}:${output}->${target}`,
    source,
    target,
    sourceHandle: output,
    targetHandle: "in",
    label: output === MAIN ? undefined : output,
    className: output === ERROR ? "edge-error" : undefined,
  };
}

export function toDefinition(nodes: FlowNode[], edges: Edge[], base?: Definition): Definition {
  return {
    ...(base?.output ? { output: base.output } : {}),
    ...(base?.settings ? { settings: base.settings } : {}),
    nodes: nodes.map((node) => ({
      ...node.data.definition,
      id: node.id,
      position: { x: Math.round(node.position.x), y: Math.round(node.position.y) },
    })),
    edges: edges.map((edge) => ({
      from: edge.source,
      to: edge.target,
      ...(edge.sourceHandle && edge.sourceHandle !== MAIN ? { output: edge.sourceHandle } : {}),
    })),
  };
}

/** True when an edge source → target would close a cycle. */
export function wouldCycle(edges: Pick<Edge, "source" | "target">[], source: string, target: string): boolean {
  if (source === target) return true;
  const next = new Map<string, string[]>();
  for (const edge of edges) next.set(edge.source, [...(next.get(edge.source) ?? []), edge.target]);
  const stack = [target];
  const seen = new Set<string>();
  while (stack.length) {
    const current = stack.pop() as string;
    if (current === source) return true;
    if (seen.has(current)) continue;
    seen.add(current);
    stack.push(...(next.get(current) ?? []));
  }
  return false;
}

/** Why a connection is refused, in words, or null when it may be drawn. */
export function connectionProblem(
  nodes: FlowNode[],
  edges: Edge[],
  source: string | null,
  target: string | null,
  output: string | null,
): string | null {
  if (!source || !target) return "connect an output to an input";
  const targetNode = nodes.find((node) => node.id === target);
  if (targetNode?.data.trigger) return `${target} is a trigger: nothing runs before it`;
  if (edges.some((edge) => edge.source === source && edge.target === target && (edge.sourceHandle ?? MAIN) === (output ?? MAIN)))
    return "those steps are already connected";
  if (wouldCycle(edges, source, target)) return `connecting ${source} to ${target} would make a cycle`;
  return null;
}

/** A free node id from a type: `set`, `set_2`, ... */
export function freeId(type: string, taken: Set<string>): string {
  const stem = (type.split(".").pop() ?? "step").replace(/[^A-Za-z0-9_]/g, "_").replace(/^([0-9])/, "_$1");
  if (!taken.has(stem)) return stem;
  for (let index = 2; ; index += 1) if (!taken.has(`${stem}_${index}`)) return `${stem}_${index}`;
}

/** Left-to-right layered layout. */
export function autoLayout(nodes: FlowNode[], edges: Edge[]): FlowNode[] {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: "LR", nodesep: 40, ranksep: 80 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const node of nodes) graph.setNode(node.id, { width: 180, height: 64 });
  for (const edge of edges) graph.setEdge(edge.source, edge.target);
  dagre.layout(graph);
  return nodes.map((node) => {
    const placed = graph.node(node.id);
    return { ...node, position: { x: placed.x - 90, y: placed.y - 32 } };
  });
}

/** The node a save error's field names: `definition.nodes[3].parameters.url` → index 3, `parameters.url`. */
export function fieldTarget(field: string): { index: number; rest: string } | null {
  const match = /^definition\.nodes\[(\d+)\](?:\.(.*))?$/.exec(field);
  return match ? { index: Number(match[1]), rest: match[2] ?? "" } : null;
}
