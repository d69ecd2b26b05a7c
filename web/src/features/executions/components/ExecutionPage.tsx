import { useQuery, useQueryClient } from "@tanstack/react-query";
import { ReactFlow, ReactFlowProvider, Background, Controls } from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useEffect, useMemo, useState } from "react";
import { Link, useNavigate, useParams } from "react-router-dom";
import { ErrorMessage, Spinner } from "../../../components/Feedback";
import { api, unwrap } from "../../../lib/api";
import { useCanEdit } from "../../auth/hooks/useSession";
import { useNodeTypes } from "../../editor/api/editor";
import { StepInspector } from "../../editor/components/StepInspector";
import { StepNode } from "../../editor/components/StepNode";
import { toFlow, type RunState, type TypeInfo } from "../../editor/graph";
import { useExecutionEvents } from "../../editor/hooks/useExecutionEvents";
import type { Definition } from "../../workflows/api/workflows";

const NODE_TYPES = { step: StepNode };
const FINAL = ["succeeded", "failed", "cancelled"];

/** One execution: the graph of its pinned version with each step's outcome, live while it runs. */
export function ExecutionPage() {
  const { executionId = "" } = useParams();
  const client = useQueryClient();
  const navigate = useNavigate();
  const canEdit = useCanEdit();
  const [selected, setSelected] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const execution = useQuery({
    queryKey: ["execution", executionId],
    queryFn: async () => unwrap(await api.GET("/v1/executions/{execution_id}", { params: { path: { execution_id: executionId } } })),
  });
  const running = execution.data ? !FINAL.includes(execution.data.status) : false;
  const { events } = useExecutionEvents(running ? executionId : null);
  useEffect(() => {
    if (events.length) void client.invalidateQueries({ queryKey: ["execution", executionId] });
  }, [events.length, executionId, client]);
  const version = useQuery({
    queryKey: ["version", execution.data?.workflow_id, execution.data?.workflow_version],
    queryFn: async () =>
      unwrap(
        await api.GET("/v1/workflows/{workflow_id}/versions/{version}", {
          params: { path: { workflow_id: execution.data?.workflow_id as string, version: execution.data?.workflow_version as number } },
        }),
      ),
    enabled: execution.data !== undefined,
  });
  const nodeTypes = useNodeTypes();
  const graph = useMemo(() => {
    if (!version.data?.definition || !nodeTypes.data || !execution.data) return null;
    const types = new Map<string, TypeInfo>(nodeTypes.data.map((t) => [t.type, { outputs: t.outputs, trigger: t.category === "trigger" }]));
    const { nodes, edges } = toFlow(version.data.definition as unknown as Definition, types);
    const steps = new Map(execution.data.steps.map((step) => [step.node_id, step.status as RunState]));
    return {
      nodes: nodes.map((node) => ({ ...node, draggable: false, data: { ...node.data, runState: steps.get(node.id) } })),
      edges,
    };
  }, [version.data, nodeTypes.data, execution.data]);

  async function act(action: "cancel" | "retry", from: "failed" | "start" = "failed") {
    setActionError(null);
    try {
      if (action === "cancel") {
        unwrap(await api.POST("/v1/executions/{execution_id}/cancel", { params: { path: { execution_id: executionId } } }));
        void client.invalidateQueries({ queryKey: ["execution", executionId] });
      } else {
        const retried = unwrap(
          await api.POST("/v1/executions/{execution_id}/retry", { params: { path: { execution_id: executionId } }, body: { from } as never }),
        );
        navigate(`/executions/${retried.id}`);
      }
    } catch (caught) {
      setActionError(caught);
    }
  }

  if (execution.isPending) return <Spinner label="Loading the execution" />;
  if (execution.error) return <ErrorMessage error={execution.error} />;
  const data = execution.data;
  return (
    <div className="page execution-page">
      <h1>
        Execution {data.id.slice(0, 8)}: <span className={`status status-${data.status}`}>{data.status}</span>
      </h1>
      <p>
        <Link to={`/workflows/${data.workflow_id}`}>Open the workflow</Link> (version {data.workflow_version})
        {data.retry_of && (
          <>
            {" "}
            · retries <Link to={`/executions/${data.retry_of}`}>{data.retry_of.slice(0, 8)}</Link>
          </>
        )}
        {data.created_at && <> · created {new Date(data.created_at).toLocaleString()}</>}
      </p>
      {data.error && <p className="error-text">{data.error}</p>}
      {canEdit && (
        <div className="row">
          {running && (
            <button type="button" onClick={() => void act("cancel")}>
              Cancel run
            </button>
          )}
          {(data.status === "failed" || data.status === "cancelled") && (
            <>
              <button type="button" onClick={() => void act("retry", "failed")}>
                Retry from failed step
              </button>
              <button type="button" onClick={() => void act("retry", "start")}>
                Retry from the start
              </button>
            </>
          )}
        </div>
      )}
      <ErrorMessage error={actionError} />
      <div className="execution-body">
        <div className="canvas small" role="region" aria-label="Execution graph">
          {graph ? (
            <ReactFlowProvider>
              <ReactFlow
                nodes={graph.nodes}
                edges={graph.edges}
                nodeTypes={NODE_TYPES}
                nodesConnectable={false}
                onNodeClick={(_, node) => setSelected(node.id)}
                fitView
                proOptions={{ hideAttribution: true }}
              >
                <Background />
                <Controls aria-label="Zoom" />
              </ReactFlow>
            </ReactFlowProvider>
          ) : (
            <Spinner label="Drawing the graph" />
          )}
        </div>
        <div className="side">
          <table className="list compact">
            <caption>Steps</caption>
            <thead>
              <tr>
                <th scope="col">Step</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
              </tr>
            </thead>
            <tbody>
              {data.steps.map((step) => (
                <tr key={step.node_id}>
                  <td>
                    <button type="button" className="link" onClick={() => setSelected(step.node_id)} aria-pressed={selected === step.node_id}>
                      {step.node_id}
                    </button>
                  </td>
                  <td>
                    <span className={`status status-${step.status}`}>{step.status}</span>
                  </td>
                  <td>{step.attempts}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {selected && version.data?.definition && (
            <StepInspector execution={data} nodeId={selected} definition={version.data.definition as unknown as Definition} />
          )}
        </div>
      </div>
    </div>
  );
}
