import { useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import { EmptyState, ErrorMessage, Spinner } from "../../../components/Feedback";
import { useCanEdit } from "../../auth/hooks/useSession";
import {
  TEMPLATES,
  exportWorkflow,
  useCreateWorkflow,
  useDeleteWorkflow,
  useImportWorkflow,
  useLastRuns,
  useRestoreWorkflow,
  useWorkflows,
  type Definition,
  type Workflow,
  type WorkflowFilter,
} from "../api/workflows";

const BLANK: Definition = { nodes: [{ id: "start", type: "trigger.manual", position: { x: 0, y: 0 } }], edges: [] };

export function WorkflowsPage() {
  const [filter, setFilter] = useState<WorkflowFilter>({ q: "", tag: "", active: "", deleted: false });
  const workflows = useWorkflows(filter);
  const lastRuns = useLastRuns();
  const canEdit = useCanEdit();
  const create = useCreateWorkflow();
  const importer = useImportWorkflow();
  const navigate = useNavigate();
  const [name, setName] = useState("");

  async function createFrom(definition: Definition, workflowName: string, description = "") {
    const created = await create.mutateAsync({ name: workflowName, definition, description });
    navigate(`/workflows/${created.id}`);
  }

  async function importFile(file: File) {
    const body = JSON.parse(await file.text()) as Record<string, unknown>;
    const created = await importer.mutateAsync(body);
    navigate(`/workflows/${created.id}`);
  }

  const items = workflows.data?.items ?? [];
  const filtering = filter.q !== "" || filter.tag !== "" || filter.active !== "";
  return (
    <div className="page">
      <div className="page-head">
        <h1>{filter.deleted ? "Trash" : "Workflows"}</h1>
        {canEdit && !filter.deleted && (
          <form
            className="inline"
            onSubmit={(event) => {
              event.preventDefault();
              void createFrom(BLANK, name || "Untitled workflow");
            }}
          >
            <label>
              New workflow name
              <input value={name} onChange={(event) => setName(event.target.value)} placeholder="Untitled workflow" />
            </label>
            <button type="submit" className="primary" disabled={create.isPending}>
              Create workflow
            </button>
            <label className="file">
              Import a workflow file
              <input
                type="file"
                accept="application/json,.json"
                onChange={(event) => {
                  const file = event.target.files?.[0];
                  if (file) void importFile(file).catch(() => undefined);
                }}
              />
            </label>
          </form>
        )}
      </div>
      <ErrorMessage error={create.error ?? importer.error} />
      <search className="filters" aria-label="Filter workflows">
        <label>
          Search workflows
          <input
            type="search"
            value={filter.q}
            onChange={(event) => setFilter({ ...filter, q: event.target.value })}
            placeholder="name, description, tag or node"
          />
        </label>
        <label>
          Tag
          <input value={filter.tag} onChange={(event) => setFilter({ ...filter, tag: event.target.value })} />
        </label>
        <label>
          State
          <select
            value={filter.active}
            onChange={(event) => setFilter({ ...filter, active: event.target.value as WorkflowFilter["active"] })}
          >
            <option value="">All</option>
            <option value="true">Active</option>
            <option value="false">Inactive</option>
          </select>
        </label>
        <label className="check">
          <input
            type="checkbox"
            checked={filter.deleted}
            onChange={(event) => setFilter({ ...filter, deleted: event.target.checked })}
          />
          Show trash
        </label>
      </search>
      {workflows.isPending && <Spinner label="Loading workflows" />}
      <ErrorMessage error={workflows.error} />
      {workflows.isSuccess && items.length === 0 && !filtering && !filter.deleted && (
        <EmptyState title="No workflows yet">
          <p>A workflow is a graph of steps: a trigger starts it, each step works on the data before it.</p>
          {canEdit && (
            <ul className="templates">
              {TEMPLATES.map((template) => (
                <li key={template.name}>
                  <button type="button" onClick={() => void createFrom(template.definition, template.name, template.description)}>
                    Start from “{template.name}”
                  </button>{" "}
                  {template.description}
                </li>
              ))}
            </ul>
          )}
        </EmptyState>
      )}
      {workflows.isSuccess && items.length === 0 && (filtering || filter.deleted) && (
        <p>{filter.deleted ? "The trash is empty." : "No workflow matches."}</p>
      )}
      {items.length > 0 && (
        <table className="list">
          <caption className="sr-only">{filter.deleted ? "Deleted workflows" : "Workflows"}</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Tags</th>
              <th scope="col">Trigger</th>
              <th scope="col">State</th>
              <th scope="col">Last run</th>
              <th scope="col">Updated</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {items.map((workflow) => (
              <WorkflowRow
                key={workflow.id}
                workflow={workflow}
                lastRun={lastRuns.data?.get(workflow.id)}
                deleted={filter.deleted}
                canEdit={canEdit}
                onDuplicate={() =>
                  void createFrom(workflow.definition as unknown as Definition, `${workflow.name} (copy)`, workflow.description)
                }
              />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function WorkflowRow({
  workflow,
  lastRun,
  deleted,
  canEdit,
  onDuplicate,
}: {
  workflow: Workflow;
  lastRun?: string;
  deleted: boolean;
  canEdit: boolean;
  onDuplicate: () => void;
}) {
  const remove = useDeleteWorkflow();
  const restore = useRestoreWorkflow();
  async function download() {
    const file = await exportWorkflow(workflow.id);
    const url = URL.createObjectURL(new Blob([JSON.stringify(file, null, 2)], { type: "application/json" }));
    const link = document.createElement("a");
    link.href = url;
    link.download = `${workflow.name.replace(/[^\w-]+/g, "-")}.json`;
    link.click();
    URL.revokeObjectURL(url);
  }
  return (
    <tr>
      <td>{deleted ? workflow.name : <Link to={`/workflows/${workflow.id}`}>{workflow.name}</Link>}</td>
      <td>
        {workflow.tags.map((tag) => (
          <span key={tag} className="tag">
            {tag}
          </span>
        ))}
      </td>
      <td>{workflow.trigger_type.replace("trigger.", "")}</td>
      <td>{workflow.active ? "active" : "inactive"}</td>
      <td>{lastRun ? <span className={`status status-${lastRun}`}>{lastRun}</span> : "never run"}</td>
      <td>{new Date(workflow.updated_at).toLocaleString()}</td>
      <td className="actions">
        {deleted ? (
          canEdit && (
            <button type="button" onClick={() => restore.mutate(workflow.id)} aria-label={`Restore ${workflow.name}`}>
              Restore
            </button>
          )
        ) : (
          <>
            {canEdit && (
              <button type="button" onClick={onDuplicate} aria-label={`Duplicate ${workflow.name}`}>
                Duplicate
              </button>
            )}
            <button type="button" onClick={() => void download()} aria-label={`Export ${workflow.name}`}>
              Export
            </button>
            {canEdit && (
              <button
                type="button"
                className="danger"
                onClick={() => remove.mutate(workflow)}
                aria-label={`Delete ${workflow.name}`}
              >
                Delete
              </button>
            )}
          </>
        )}
        <ErrorMessage error={remove.error ?? restore.error} />
      </td>
    </tr>
  );
}
