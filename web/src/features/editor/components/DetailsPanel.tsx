import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorMessage } from "../../../components/Feedback";
import { api, unwrap } from "../../../lib/api";
import type { Workflow } from "../../workflows/api/workflows";

/** The workflow's name, description and tags (saved with `If-Match`, like the graph). */
export function DetailsPanel({
  workflow,
  readOnly,
  onChanged,
  onClose,
}: {
  workflow: Workflow;
  readOnly: boolean;
  onChanged: (workflow: Workflow) => void;
  onClose: () => void;
}) {
  const client = useQueryClient();
  const [name, setName] = useState(workflow.name);
  const [description, setDescription] = useState(workflow.description);
  const [tags, setTags] = useState(workflow.tags.join(", "));
  const save = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.PATCH("/v1/workflows/{workflow_id}", {
          params: { path: { workflow_id: workflow.id }, header: { "If-Match": workflow.etag } as never },
          body: {
            name,
            description,
            tags: tags
              .split(",")
              .map((tag) => tag.trim())
              .filter(Boolean),
            version_message: "",
          },
        }),
      ),
    onSuccess: (next) => {
      client.setQueryData(["workflow", workflow.id], next);
      void client.invalidateQueries({ queryKey: ["workflows"] });
      onChanged(next);
    },
  });
  return (
    <section className="panel" aria-label="Details">
      <div className="row">
        <h2>Details</h2>
        <button type="button" onClick={onClose}>
          Close details
        </button>
      </div>
      <form
        className="form"
        onSubmit={(event) => {
          event.preventDefault();
          save.mutate();
        }}
      >
        <label>
          Name
          <input value={name} disabled={readOnly} required onChange={(event) => setName(event.target.value)} />
        </label>
        <label>
          Description
          <textarea rows={3} value={description} disabled={readOnly} onChange={(event) => setDescription(event.target.value)} />
        </label>
        <label>
          Tags (comma separated)
          <input value={tags} disabled={readOnly} onChange={(event) => setTags(event.target.value)} />
        </label>
        <ErrorMessage error={save.error} />
        {!readOnly && (
          <button type="submit" disabled={save.isPending}>
            Save details
          </button>
        )}
        {save.isSuccess && <span role="status">Details saved</span>}
      </form>
    </section>
  );
}
