import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ReactFlow, ReactFlowProvider, type Edge } from "@xyflow/react";
import { useMemo, useState } from "react";
import { ErrorMessage, Spinner } from "../../../components/Feedback";
import { api, unwrap } from "../../../lib/api";
import type { Definition, Workflow } from "../../workflows/api/workflows";
import { toFlow, type FlowNode, type TypeInfo } from "../graph";
import { StepNode } from "./StepNode";

const NODE_TYPES = { step: StepNode };

interface Diff {
  nodes_added: { id: string }[];
  nodes_removed: { id: string }[];
  nodes_changed: { id: string; fields: string[] }[];
  edges_added: { from: string; to: string; output?: string }[];
  edges_removed: { from: string; to: string; output?: string }[];
}

/** History: every saved version, a visual diff of two, and roll back to one. */
export function VersionsPanel({
  workflow,
  readOnly,
  types,
  onRolledBack,
  onClose,
}: {
  workflow: Workflow;
  readOnly: boolean;
  types: Map<string, TypeInfo>;
  onRolledBack: (workflow: Workflow) => void;
  onClose: () => void;
}) {
  const client = useQueryClient();
  const versions = useQuery({
    queryKey: ["versions", workflow.id],
    queryFn: async () =>
      unwrap(await api.GET("/v1/workflows/{workflow_id}/versions", { params: { path: { workflow_id: workflow.id }, query: { limit: 100 } } })).items,
  });
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const rollback = useMutation({
    mutationFn: async (version: number) =>
      unwrap(
        await api.POST("/v1/workflows/{workflow_id}/versions/{version}/rollback", {
          params: { path: { workflow_id: workflow.id, version }, header: { "If-Match": workflow.etag } as never },
        }),
      ),
    onSuccess: (next) => {
      client.setQueryData(["workflow", workflow.id], next);
      void client.invalidateQueries({ queryKey: ["versions", workflow.id] });
      onRolledBack(next);
    },
  });
  const items = versions.data ?? [];
  return (
    <section className="panel" aria-label="Versions">
      <div className="row">
        <h2>Versions</h2>
        <button type="button" onClick={onClose}>
          Close versions
        </button>
      </div>
      {versions.isPending && <Spinner label="Loading versions" />}
      <ErrorMessage error={versions.error ?? rollback.error} />
      <table className="list compact">
        <thead>
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Saved</th>
            <th scope="col">Compare</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((version) => (
            <tr key={version.version}>
              <td>
                {version.version}
                {version.version === workflow.version ? " (current)" : ""}
                {version.message && <div className="muted">{version.message}</div>}
              </td>
              <td>{new Date(version.created_at).toLocaleString()}</td>
              <td>
                <label className="check">
                  <input type="radio" name="diff-from" checked={from === version.version} onChange={() => setFrom(version.version)} />
                  from
                </label>
                <label className="check">
                  <input type="radio" name="diff-to" checked={to === version.version} onChange={() => setTo(version.version)} />
                  to
                </label>
              </td>
              <td>
                {!readOnly && version.version !== workflow.version && (
                  <button type="button" onClick={() => rollback.mutate(version.version)} aria-label={`Roll back to version ${version.version}`}>
                    Roll back
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {from !== null && to !== null && from !== to && <VersionDiff workflowId={workflow.id} from={from} to={to} types={types} />}
    </section>
  );
}

function VersionDiff({ workflowId, from, to, types }: { workflowId: string; from: number; to: number; types: Map<string, TypeInfo> }) {
  const diff = useQuery({
    queryKey: ["diff", workflowId, from, to],
    queryFn: async () => {
      const [changes, before, after] = await Promise.all([
        api.GET("/v1/workflows/{workflow_id}/versions/diff", { params: { path: { workflow_id: workflowId }, query: { from, to } } }).then(unwrap),
        api.GET("/v1/workflows/{workflow_id}/versions/{version}", { params: { path: { workflow_id: workflowId, version: from } } }).then(unwrap),
        api.GET("/v1/workflows/{workflow_id}/versions/{version}", { params: { path: { workflow_id: workflowId, version: to } } }).then(unwrap),
      ]);
      return { changes: changes as unknown as Diff, before: before.definition as unknown as Definition, after: after.definition as unknown as Definition };
    },
  });
  const graph = useMemo(() => {
    if (!diff.data) return null;
    const { changes, before, after } = diff.data;
    const removed = new Set(changes.nodes_removed.map((node) => node.id));
    const union: Definition = {
      nodes: [...after.nodes, ...before.nodes.filter((node) => removed.has(node.id))],
      edges: [...after.edges, ...changes.edges_removed],
    };
    const { nodes, edges } = toFlow(union, types);
    const added = new Set(changes.nodes_added.map((node) => node.id));
    const changed = new Set(changes.nodes_changed.map((node) => node.id));
    const removedEdges = new Set(changes.edges_removed.map((edge) => `${edge.from}:${edge.output ?? "main"}->${edge.to}`));
    const addedEdges = new Set(changes.edges_added.map((edge) => `${edge.from}:${edge.output ?? "main"}->${edge.to}`));
    return {
      nodes: nodes.map((node): FlowNode => ({
        ...node,
        draggable: false,
        className: added.has(node.id) ? "diff-added" : removed.has(node.id) ? "diff-removed" : changed.has(node.id) ? "diff-changed" : "",
      })),
      edges: edges.map((edge): Edge => ({
        ...edge,
        className: removedEdges.has(edge.id) ? "diff-removed" : addedEdges.has(edge.id) ? "diff-added" : edge.className,
      })),
    };
  }, [diff.data, types]);
  if (diff.isPending) return <Spinner label="Comparing versions" />;
  if (diff.error) return <ErrorMessage error={diff.error} />;
  const changes = diff.data.changes;
  return (
    <section aria-label={`Changes from version ${from} to ${to}`} className="diff">
      <h3>
        Version {from} → {to}
      </h3>
      <ul className="legend">
        <li className="diff-added">added: {changes.nodes_added.map((n) => n.id).join(", ") || "none"}</li>
        <li className="diff-removed">removed: {changes.nodes_removed.map((n) => n.id).join(", ") || "none"}</li>
        <li className="diff-changed">
          changed: {changes.nodes_changed.map((n) => `${n.id} (${n.fields.join(", ")})`).join("; ") || "none"}
        </li>
        <li>
          edges: +{changes.edges_added.length} −{changes.edges_removed.length}
        </li>
      </ul>
      {graph && (
        <div className="diff-canvas">
          <ReactFlowProvider>
            <ReactFlow nodes={graph.nodes} edges={graph.edges} nodeTypes={NODE_TYPES} nodesConnectable={false} fitView proOptions={{ hideAttribution: true }} />
          </ReactFlowProvider>
        </div>
      )}
    </section>
  );
}
