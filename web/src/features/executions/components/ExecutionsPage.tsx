import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useSearchParams } from "react-router-dom";
import { EmptyState, ErrorMessage, Spinner } from "../../../components/Feedback";
import { api, unwrap } from "../../../lib/api";
import { useCanEdit } from "../../auth/hooks/useSession";

const STATUSES = ["queued", "running", "waiting", "succeeded", "failed", "cancelled"] as const;
type Status = (typeof STATUSES)[number];

function iso(local: string): string | undefined {
  return local ? new Date(local).toISOString() : undefined;
}

/** Executions filtered by workflow, status and time, paged by cursor; and the dead letters. */
export function ExecutionsPage() {
  const [params, setParams] = useSearchParams();
  const workflowId = params.get("workflow") ?? "";
  const status = (params.get("status") ?? "") as Status | "";
  const after = params.get("after") ?? "";
  const before = params.get("before") ?? "";
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const workflows = useQuery({
    queryKey: ["workflows", "names"],
    queryFn: async () => unwrap(await api.GET("/v1/workflows", { params: { query: { limit: 200, order_by: "name" } } })).items,
  });
  const names = new Map((workflows.data ?? []).map((workflow) => [workflow.id, workflow.name]));
  const executions = useQuery({
    queryKey: ["executions", "list", workflowId, status, after, before, cursor],
    queryFn: async () =>
      unwrap(
        await api.GET("/v1/executions", {
          params: {
            query: {
              workflow_id: workflowId || undefined,
              status: status ? [status] : undefined,
              created_after: iso(after),
              created_before: iso(before),
              limit: 25,
              cursor,
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    setParams(next, { replace: true });
    setCursors([]);
  };
  return (
    <div className="page">
      <h1>Executions</h1>
      <search className="filters" aria-label="Filter executions">
        <label>
          Workflow
          <select value={workflowId} onChange={(event) => set("workflow", event.target.value)}>
            <option value="">All workflows</option>
            {workflows.data?.map((workflow) => (
              <option key={workflow.id} value={workflow.id}>
                {workflow.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Status
          <select value={status} onChange={(event) => set("status", event.target.value)}>
            <option value="">Any status</option>
            {STATUSES.map((name) => (
              <option key={name}>{name}</option>
            ))}
          </select>
        </label>
        <label>
          Created after
          <input type="datetime-local" value={after} onChange={(event) => set("after", event.target.value)} />
        </label>
        <label>
          Created before
          <input type="datetime-local" value={before} onChange={(event) => set("before", event.target.value)} />
        </label>
      </search>
      {executions.isPending && <Spinner label="Loading executions" />}
      <ErrorMessage error={executions.error} />
      {executions.data && executions.data.items.length === 0 && (
        <EmptyState title="No executions">
          <p>
            Runs appear here. Open a workflow and press <strong>Run</strong>, or activate its webhook or schedule.
          </p>
        </EmptyState>
      )}
      {executions.data && executions.data.items.length > 0 && (
        <table className="list">
          <caption className="sr-only">Executions</caption>
          <thead>
            <tr>
              <th scope="col">Execution</th>
              <th scope="col">Workflow</th>
              <th scope="col">Status</th>
              <th scope="col">Created</th>
              <th scope="col">Took</th>
            </tr>
          </thead>
          <tbody>
            {executions.data.items.map((execution) => (
              <tr key={execution.id}>
                <td>
                  <Link to={`/executions/${execution.id}`}>{execution.id.slice(0, 8)}</Link>
                </td>
                <td>{names.get(execution.workflow_id) ?? execution.workflow_id.slice(0, 8)} (v{execution.workflow_version})</td>
                <td>
                  <span className={`status status-${execution.status}`}>{execution.status}</span>
                </td>
                <td>{execution.created_at ? new Date(execution.created_at).toLocaleString() : ""}</td>
                <td>
                  {execution.started_at && execution.finished_at
                    ? `${new Date(execution.finished_at).getTime() - new Date(execution.started_at).getTime()} ms`
                    : ""}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="row">
        <button type="button" disabled={!cursors.length} onClick={() => setCursors(cursors.slice(0, -1))}>
          Previous page
        </button>
        <button
          type="button"
          disabled={!executions.data?.next_cursor}
          onClick={() => executions.data?.next_cursor && setCursors([...cursors, executions.data.next_cursor])}
        >
          Next page
        </button>
      </div>
      <DeadLetters />
    </div>
  );
}

function DeadLetters() {
  const client = useQueryClient();
  const canEdit = useCanEdit();
  const letters = useQuery({
    queryKey: ["dead-letters"],
    queryFn: async () => unwrap(await api.GET("/v1/dead-letters", { params: { query: { limit: 50 } } })).items,
  });
  const replay = useMutation({
    mutationFn: async (id: number) =>
      unwrap(await api.POST("/v1/dead-letters/{dead_letter_id}/replay", { params: { path: { dead_letter_id: id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["dead-letters"] }),
  });
  return (
    <section aria-labelledby="dead-letters">
      <h2 id="dead-letters">Dead letters</h2>
      <p className="muted">Executions that failed for good (retries exhausted, or an error the engine could not handle).</p>
      {letters.isPending && <Spinner label="Loading dead letters" />}
      <ErrorMessage error={letters.error ?? replay.error} />
      {letters.data?.length === 0 && <p>No dead letters.</p>}
      {letters.data && letters.data.length > 0 && (
        <table className="list">
          <thead>
            <tr>
              <th scope="col">Execution</th>
              <th scope="col">Reason</th>
              <th scope="col">Error</th>
              <th scope="col">Replay</th>
            </tr>
          </thead>
          <tbody>
            {letters.data.map((letter) => (
              <tr key={letter.id}>
                <td>
                  {/* The workspace's letters always name an execution; only scope=instance lists those that do not. */}
                  {letter.execution_id && <Link to={`/executions/${letter.execution_id}`}>{letter.execution_id.slice(0, 8)}</Link>}
                </td>
                <td>{letter.reason.replace("_", " ")}</td>
                <td>{letter.error}</td>
                <td>
                  {letter.replay_execution_id ? (
                    <Link to={`/executions/${letter.replay_execution_id}`}>replayed</Link>
                  ) : (
                    canEdit && (
                      <button type="button" onClick={() => replay.mutate(letter.id)} aria-label={`Replay ${(letter.execution_id ?? String(letter.id)).slice(0, 8)}`}>
                        Replay
                      </button>
                    )
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
