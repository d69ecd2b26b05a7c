import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorMessage } from "../../../components/Feedback";
import { api, unwrap } from "../../../lib/api";
import type { Definition, Workflow } from "../../workflows/api/workflows";
import { describeSchedule, formatIn } from "../schedule";

/** Activation: the webhook URL with a copy button, its signing secret and response mode; a cron
 * schedule in words with its next five times in its time zone. */
export function ActivationPanel({
  workflow,
  definition,
  readOnly,
  onChanged,
  onClose,
}: {
  workflow: Workflow;
  definition: Definition;
  readOnly: boolean;
  onChanged: (workflow: Workflow) => void;
  onClose: () => void;
}) {
  const client = useQueryClient();
  const trigger = definition.nodes.find((node) => node.type.startsWith("trigger."));
  const parameters = (trigger?.parameters ?? {}) as Record<string, string | undefined>;
  const [copied, setCopied] = useState(false);
  const [secret, setSecret] = useState("");
  const toggle = useMutation({
    mutationFn: async (active: boolean) =>
      unwrap(
        active
          ? await api.POST("/v1/workflows/{workflow_id}/activate", { params: { path: { workflow_id: workflow.id } } })
          : await api.POST("/v1/workflows/{workflow_id}/deactivate", { params: { path: { workflow_id: workflow.id } } }),
      ),
    onSuccess: (next) => {
      client.setQueryData(["workflow", workflow.id], next);
      void client.invalidateQueries({ queryKey: ["workflows"] });
      onChanged(next);
    },
  });
  const signing = useMutation({
    mutationFn: async (value: string | null) =>
      unwrap(
        value
          ? await api.PUT("/v1/workflows/{workflow_id}/webhook/secret", { params: { path: { workflow_id: workflow.id } }, body: { secret: value } })
          : await api.DELETE("/v1/workflows/{workflow_id}/webhook/secret", { params: { path: { workflow_id: workflow.id } } }),
      ),
    onSuccess: (next) => {
      setSecret("");
      if (next) onChanged(next as Workflow);
    },
  });
  const schedule = trigger?.type === "trigger.cron" ? describeSchedule(parameters.expression ?? "", parameters.timezone ?? "UTC") : null;

  return (
    <section className="panel" aria-label="Activation">
      <div className="row">
        <h2>Activation</h2>
        <button type="button" onClick={onClose}>
          Close activation
        </button>
      </div>
      <p>
        This workflow is <strong>{workflow.active ? "active" : "inactive"}</strong>
        {trigger?.type === "trigger.manual" && " (a manual trigger runs only when you press Run)"}.
      </p>
      {!readOnly && (
        <button type="button" className={workflow.active ? "" : "primary"} onClick={() => toggle.mutate(!workflow.active)} disabled={toggle.isPending}>
          {workflow.active ? "Deactivate" : "Activate"}
        </button>
      )}
      <ErrorMessage error={toggle.error ?? signing.error} />
      {trigger?.type === "trigger.webhook" && (
        <div className="form">
          <h3>Webhook</h3>
          {workflow.webhook_url ? (
            <div className="row">
              <label className="grow">
                Webhook URL
                <input readOnly value={workflow.webhook_url} />
              </label>
              <button
                type="button"
                onClick={async () => {
                  await navigator.clipboard.writeText(workflow.webhook_url ?? "");
                  setCopied(true);
                }}
              >
                Copy URL
              </button>
              {copied && <span role="status">Copied</span>}
            </div>
          ) : (
            <p>Activate the workflow to get its webhook URL.</p>
          )}
          <p>
            Method <code>{parameters.method ?? "POST"}</code>, response mode <code>{parameters.response_mode ?? "wait"}</code> (
            {parameters.response_mode === "async" ? "answers 202 at once" : "answers with the run's output"}); change them on the trigger node.
          </p>
          <p>Signed requests: {workflow.webhook_signed ? "required (X-Jobsprint-Signature-256)" : "not required"}.</p>
          {!readOnly && (
            <form
              className="row"
              onSubmit={(event) => {
                event.preventDefault();
                signing.mutate(secret);
              }}
            >
              <label className="grow">
                Signing secret
                <input type="password" autoComplete="new-password" minLength={16} value={secret} onChange={(event) => setSecret(event.target.value)} />
              </label>
              <button type="submit" disabled={secret.length < 16}>
                Set secret
              </button>
              {workflow.webhook_signed && (
                <button type="button" onClick={() => signing.mutate(null)}>
                  Remove secret
                </button>
              )}
            </form>
          )}
        </div>
      )}
      {schedule && (
        <div>
          <h3>Schedule</h3>
          {schedule.error ? (
            <p role="alert" className="error">
              The cron expression “{parameters.expression}” is not valid: {schedule.error}
            </p>
          ) : (
            <>
              <p>
                {schedule.words} ({parameters.timezone || "UTC"}). Next five times:
              </p>
              <ol aria-label="Next five times">
                {schedule.times.map((time) => (
                  <li key={time.toISOString()}>{formatIn(time, parameters.timezone || "UTC")}</li>
                ))}
              </ol>
            </>
          )}
        </div>
      )}
    </section>
  );
}
