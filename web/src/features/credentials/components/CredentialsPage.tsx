import Form from "@rjsf/core";
import type { RJSFSchema, UiSchema } from "@rjsf/utils";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { EmptyState, ErrorMessage, Spinner } from "../../../components/Feedback";
import { api, unwrap, type JsonObject, type Schemas } from "../../../lib/api";
import { useCanEdit } from "../../auth/hooks/useSession";
import { validator } from "../../editor/components/formValidator";

type Credential = Schemas["CredentialPublic"];
type CredentialType = Schemas["CredentialTypePublic"];

/** Secret fields are password inputs, and never filled from the server (it never sends them). */
function secretUi(schema: RJSFSchema): UiSchema {
  const ui: UiSchema = { "ui:submitButtonOptions": { norender: true } };
  const properties = (typeof schema === "object" && schema.properties) || {};
  for (const name of Object.keys(properties)) ui[name] = { "ui:widget": "password", "ui:autocomplete": "new-password" };
  return ui;
}
const PLAIN_UI: UiSchema = { "ui:submitButtonOptions": { norender: true } };

function hasFields(schema: unknown): boolean {
  return typeof schema === "object" && schema !== null && Object.keys((schema as { properties?: object }).properties ?? {}).length > 0;
}

export function CredentialsPage() {
  const canEdit = useCanEdit();
  const credentials = useQuery({
    queryKey: ["credentials", "all"],
    queryFn: async () => unwrap(await api.GET("/v1/credentials", { params: { query: { limit: 200 } } })).items,
  });
  const types = useQuery({
    queryKey: ["credential-types"],
    queryFn: async () => unwrap(await api.GET("/v1/credential-types")).items,
    staleTime: Infinity,
  });
  const [editing, setEditing] = useState<Credential | "new" | null>(null);
  return (
    <div className="page">
      <div className="page-head">
        <h1>Credentials</h1>
        {canEdit && (
          <button type="button" className="primary" onClick={() => setEditing("new")}>
            New credential
          </button>
        )}
      </div>
      <p className="muted">Secrets are stored encrypted and are never shown again, not even to you; replace them to change them.</p>
      {(credentials.isPending || types.isPending) && <Spinner label="Loading credentials" />}
      <ErrorMessage error={credentials.error ?? types.error} />
      {editing && types.data && (
        <CredentialForm
          key={editing === "new" ? "new" : editing.id}
          credential={editing === "new" ? null : editing}
          types={types.data}
          onDone={() => setEditing(null)}
        />
      )}
      {credentials.data?.length === 0 && !editing && (
        <EmptyState title="No credentials yet">
          <p>A credential holds the secret a step needs (an API token, a password); workflows name it, never hold it.</p>
        </EmptyState>
      )}
      {credentials.data && credentials.data.length > 0 && (
        <table className="list">
          <caption className="sr-only">Credentials</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Type</th>
              <th scope="col">Secret fields</th>
              <th scope="col">Updated</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {credentials.data.map((credential) => (
              <CredentialRow key={credential.id} credential={credential} canEdit={canEdit} onEdit={() => setEditing(credential)} />
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function CredentialRow({ credential, canEdit, onEdit }: { credential: Credential; canEdit: boolean; onEdit: () => void }) {
  const client = useQueryClient();
  const [url, setUrl] = useState("");
  const test = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.POST("/v1/credentials/{credential_id}/test", {
          params: { path: { credential_id: credential.id } },
          body: { url },
        }),
      ),
  });
  const remove = useMutation({
    mutationFn: async () => unwrap(await api.DELETE("/v1/credentials/{credential_id}", { params: { path: { credential_id: credential.id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["credentials"] }),
  });
  return (
    <tr>
      <td>{credential.name}</td>
      <td>{credential.type}</td>
      <td>{credential.secret_fields.map((name) => `${name}: ••••••`).join(", ")}</td>
      <td>{credential.updated_at ? new Date(credential.updated_at).toLocaleString() : ""}</td>
      <td className="actions">
        <label>
          Test URL for {credential.name}
          <input value={url} onChange={(event) => setUrl(event.target.value)} placeholder="https://… (HTTP types)" />
        </label>
        <button type="button" onClick={() => test.mutate()} disabled={test.isPending} aria-label={`Test connection of ${credential.name}`}>
          Test connection
        </button>
        {test.isPending && <Spinner label="Testing" />}
        {test.data && (
          <span role="status" className={test.data.ok ? "ok" : "error"}>
            {test.data.ok ? "Connection works" : "Connection failed"}: {test.data.message}
          </span>
        )}
        {canEdit && (
          <>
            <button type="button" onClick={onEdit} aria-label={`Edit ${credential.name}`}>
              Edit
            </button>
            <button type="button" className="danger" onClick={() => remove.mutate()} aria-label={`Delete ${credential.name}`}>
              Delete
            </button>
          </>
        )}
        <ErrorMessage error={test.error ?? remove.error} />
      </td>
    </tr>
  );
}

function CredentialForm({ credential, types, onDone }: { credential: Credential | null; types: CredentialType[]; onDone: () => void }) {
  const client = useQueryClient();
  const [name, setName] = useState(credential?.name ?? "");
  const [typeName, setTypeName] = useState(credential?.type ?? types[0]?.name ?? "");
  const [config, setConfig] = useState<JsonObject>((credential?.config as JsonObject) ?? {});
  const [secret, setSecret] = useState<JsonObject>({});
  const type = types.find((candidate) => candidate.name === typeName);
  const secretUiSchema = useMemo(() => secretUi((type?.secret_schema ?? {}) as RJSFSchema), [type]);
  const save = useMutation({
    mutationFn: async () => {
      if (credential) {
        const replaced = Object.values(secret).some((value) => value !== undefined && value !== "");
        return unwrap(
          await api.PATCH("/v1/credentials/{credential_id}", {
            params: { path: { credential_id: credential.id } },
            body: { name, config, ...(replaced ? { secret } : {}) },
          }),
        );
      }
      return unwrap(await api.POST("/v1/credentials", { body: { name, type: typeName as Schemas["CredentialCreate"]["type"], config, secret } }));
    },
    onSuccess: () => {
      void client.invalidateQueries({ queryKey: ["credentials"] });
      onDone();
    },
  });
  return (
    <form
      className="card form"
      aria-label={credential ? `Edit ${credential.name}` : "New credential"}
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate();
      }}
    >
      <h2>{credential ? `Edit ${credential.name}` : "New credential"}</h2>
      <label>
        Name
        <input value={name} onChange={(event) => setName(event.target.value)} required />
      </label>
      <label>
        Type
        <select value={typeName} disabled={credential !== null} onChange={(event) => setTypeName(event.target.value)}>
          {types.map((candidate) => (
            <option key={candidate.name} value={candidate.name}>
              {candidate.name}
            </option>
          ))}
        </select>
      </label>
      {type && <p className="muted">{type.description}</p>}
      {type && hasFields(type.config_schema) && (
        <fieldset>
          <legend>Settings</legend>
          <Form
            tagName="div"
            schema={type.config_schema as RJSFSchema}
            uiSchema={PLAIN_UI}
            formData={config}
            validator={validator}
            noHtml5Validate
            showErrorList={false}
            onChange={(event) => setConfig((event.formData ?? {}) as JsonObject)}
          />
        </fieldset>
      )}
      {type && hasFields(type.secret_schema) && (
        <fieldset>
          <legend>{credential ? "Replace the secret (leave empty to keep it)" : "Secret"}</legend>
          <Form
            tagName="div"
            schema={(credential ? { ...(type.secret_schema as object), required: [] } : type.secret_schema) as RJSFSchema}
            uiSchema={secretUiSchema}
            formData={secret}
            validator={validator}
            noHtml5Validate
            showErrorList={false}
            onChange={(event) => setSecret((event.formData ?? {}) as JsonObject)}
          />
        </fieldset>
      )}
      <ErrorMessage error={save.error} />
      <div className="row">
        <button type="submit" className="primary" disabled={save.isPending}>
          {credential ? "Save credential" : "Create credential"}
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </form>
  );
}
