import { useState } from "react";
import { Link } from "react-router-dom";
import { ErrorMessage, Spinner } from "../../../components/Feedback";
import { api, unwrap, type JsonObject, type Schemas } from "../../../lib/api";

type Execution = Schemas["ExecutionPublic"];
const FINAL = ["succeeded", "failed", "cancelled"];

function remembered(workflowId: string): string {
  return localStorage.getItem(`jobsprint.run-input.${workflowId}`) ?? "{}";
}

/** Run with a JSON input (remembered per workflow), the run's status in the API's words, cancel
 * and retry from the failed step. */
export function RunPanel({
  workflowId,
  status,
  execution,
  onRun,
  onFollow,
}: {
  workflowId: string;
  status: string | null;
  execution: Execution | null;
  onRun: (input: JsonObject) => Promise<string | null>;
  onFollow: (executionId: string) => void;
}) {
  const [input, setInput] = useState(() => remembered(workflowId));
  const [inputError, setInputError] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const running = status !== null && !FINAL.includes(status);

  async function run() {
    let parsed: unknown;
    try {
      parsed = JSON.parse(input || "{}");
    } catch (caught) {
      setInputError(`the input is not JSON: ${(caught as Error).message}`);
      return;
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
      setInputError("the input must be a JSON object, such as {\"qty\": 3}");
      return;
    }
    setInputError(null);
    localStorage.setItem(`jobsprint.run-input.${workflowId}`, input);
    setBusy(true);
    setError(null);
    try {
      await onRun(parsed as JsonObject);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  async function act(action: "cancel" | "retry") {
    if (!execution) return;
    setError(null);
    try {
      if (action === "cancel") {
        unwrap(await api.POST("/v1/executions/{execution_id}/cancel", { params: { path: { execution_id: execution.id } } }));
      } else {
        const retried = unwrap(
          await api.POST("/v1/executions/{execution_id}/retry", {
            params: { path: { execution_id: execution.id } },
            body: { from: "failed" } as never,
          }),
        );
        onFollow(retried.id);
      }
    } catch (caught) {
      setError(caught);
    }
  }

  return (
    <section className="run-panel" aria-label="Run">
      <label>
        Run input (JSON)
        <textarea rows={3} value={input} onChange={(event) => setInput(event.target.value)} spellCheck={false} aria-invalid={inputError !== null} />
      </label>
      {inputError && (
        <p role="alert" className="error">
          {inputError}
        </p>
      )}
      <div className="row">
        <button type="button" className="primary" onClick={() => void run()} disabled={busy} aria-keyshortcuts="Control+Enter">
          Run
        </button>
        {running && execution && (
          <button type="button" onClick={() => void act("cancel")}>
            Cancel run
          </button>
        )}
        {status === "failed" && execution && (
          <button type="button" onClick={() => void act("retry")}>
            Retry from failed step
          </button>
        )}
      </div>
      {busy && <Spinner label="Starting the run" />}
      {status && (
        <p role="status" aria-live="polite" className="run-status">
          Run status: <span className={`status status-${status}`}>{status}</span>
          {running && <span className="spinner-dot" aria-hidden="true" />}
          {execution && (
            <>
              {" "}
              · <Link to={`/executions/${execution.id}`}>Open execution</Link>
            </>
          )}
        </p>
      )}
      {execution?.error && FINAL.includes(status ?? "") && <p className="error-text">{execution.error}</p>}
      <ErrorMessage error={error} />
    </section>
  );
}
