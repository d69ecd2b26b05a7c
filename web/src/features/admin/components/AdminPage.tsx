import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorMessage, Spinner } from "../../../components/Feedback";
import { api, unwrap, type Schemas } from "../../../lib/api";
import { useIsAdmin, useMe } from "../../auth/hooks/useSession";

type Role = Schemas["MemberPublic"]["role"];
const ROLES: Role[] = ["owner", "admin", "editor", "viewer"];
const SCOPES = ["read", "write", "run"] as const;

/** The workspace's admin console: members and roles, API keys, the audit log. Shown to owners and
 * admins; the API refuses the same calls to anyone else. */
export function AdminPage() {
  const isAdmin = useIsAdmin();
  const me = useMe();
  if (me.isPending) return <Spinner label="Loading" />;
  if (!isAdmin) return <p role="alert">Only owners and admins of the workspace can manage it.</p>;
  return (
    <div className="page">
      <h1>Admin · {me.data?.workspace.name}</h1>
      <p className="muted">Workspace ID: {me.data?.workspace.id}</p>
      <Members />
      <ApiKeys />
      <AuditLog />
    </div>
  );
}

function Members() {
  const client = useQueryClient();
  const me = useMe();
  const members = useQuery({ queryKey: ["members"], queryFn: async () => unwrap(await api.GET("/v1/members")).items });
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("editor");
  const refresh = () => client.invalidateQueries({ queryKey: ["members"] });
  const add = useMutation({
    mutationFn: async () => unwrap(await api.POST("/v1/members", { body: { email, role } })),
    onSuccess: () => {
      setEmail("");
      void refresh();
    },
  });
  const change = useMutation({
    mutationFn: async ({ userId, next }: { userId: string; next: Role }) =>
      unwrap(await api.PATCH("/v1/members/{user_id}", { params: { path: { user_id: userId } }, body: { role: next } })),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: async (userId: string) => unwrap(await api.DELETE("/v1/members/{user_id}", { params: { path: { user_id: userId } } })),
    onSuccess: refresh,
  });
  return (
    <section aria-labelledby="members">
      <h2 id="members">Members and roles</h2>
      <form
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          add.mutate();
        }}
      >
        <label>
          Member email
          <input type="email" value={email} onChange={(event) => setEmail(event.target.value)} required />
        </label>
        <label htmlFor="new-member-role">Role</label>
        <select id="new-member-role" value={role} onChange={(event) => setRole(event.target.value as Role)}>
          {ROLES.map((name) => (
            <option key={name}>{name}</option>
          ))}
        </select>
        <button type="submit" disabled={add.isPending}>
          Add member
        </button>
      </form>
      <ErrorMessage error={add.error ?? change.error ?? remove.error ?? members.error} />
      {members.isPending && <Spinner label="Loading members" />}
      <table className="list">
        <thead>
          <tr>
            <th scope="col">Email</th>
            <th scope="col">Role</th>
            <th scope="col">Joined</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {members.data?.map((member) => (
            <tr key={member.user.id}>
              <td>{member.user.email}</td>
              <td>
                <label>
                  <span className="sr-only">Role of {member.user.email}</span>
                  <select value={member.role} onChange={(event) => change.mutate({ userId: member.user.id, next: event.target.value as Role })}>
                    {ROLES.map((name) => (
                      <option key={name}>{name}</option>
                    ))}
                  </select>
                </label>
              </td>
              <td>{member.created_at ? new Date(member.created_at).toLocaleDateString() : ""}</td>
              <td>
                {member.user.id !== me.data?.user.id && (
                  <button type="button" className="danger" onClick={() => remove.mutate(member.user.id)} aria-label={`Remove ${member.user.email}`}>
                    Remove
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function ApiKeys() {
  const client = useQueryClient();
  const keys = useQuery({ queryKey: ["api-keys"], queryFn: async () => unwrap(await api.GET("/v1/api-keys")).items });
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<string[]>(["read"]);
  const [created, setCreated] = useState<Schemas["ApiKeyCreated"] | null>(null);
  const [copied, setCopied] = useState(false);
  const create = useMutation({
    mutationFn: async () => unwrap(await api.POST("/v1/api-keys", { body: { name, scopes: scopes as never } })),
    onSuccess: (key) => {
      // A replay of an earlier create answers without the secret ("already created", ADR-061):
      // there is nothing to show once more, only the list to refresh.
      setCreated("key" in key ? key : null);
      setCopied(false);
      setName("");
      void client.invalidateQueries({ queryKey: ["api-keys"] });
    },
  });
  const remove = useMutation({
    mutationFn: async (id: string) => unwrap(await api.DELETE("/v1/api-keys/{key_id}", { params: { path: { key_id: id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["api-keys"] }),
  });
  return (
    <section aria-labelledby="api-keys">
      <h2 id="api-keys">API keys</h2>
      <form
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          create.mutate();
        }}
      >
        <label>
          Key name
          <input value={name} onChange={(event) => setName(event.target.value)} required />
        </label>
        <fieldset className="row">
          <legend>Scopes</legend>
          {SCOPES.map((scope) => (
            <label key={scope} className="check">
              <input
                type="checkbox"
                checked={scopes.includes(scope)}
                onChange={(event) => setScopes(event.target.checked ? [...scopes, scope] : scopes.filter((s) => s !== scope))}
              />
              {scope}
            </label>
          ))}
        </fieldset>
        <button type="submit" disabled={create.isPending || !scopes.length}>
          Create API key
        </button>
      </form>
      {created && (
        <div role="alert" className="card secret-once">
          <p>
            <strong>Copy the key now: it is shown this once.</strong>
          </p>
          <div className="row">
            <label className="grow">
              New API key
              <input readOnly value={created.key} />
            </label>
            <button
              type="button"
              onClick={async () => {
                await navigator.clipboard.writeText(created.key);
                setCopied(true);
              }}
            >
              Copy key
            </button>
            <button type="button" onClick={() => setCreated(null)}>
              Done
            </button>
          </div>
          {copied && <span role="status">Copied</span>}
        </div>
      )}
      <ErrorMessage error={create.error ?? remove.error ?? keys.error} />
      <table className="list">
        <thead>
          <tr>
            <th scope="col">Name</th>
            <th scope="col">Key starts</th>
            <th scope="col">Scopes</th>
            <th scope="col">Last used</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.data?.map((key) => (
            <tr key={key.id}>
              <td>{key.name}</td>
              <td>
                <code>{key.prefix}…</code>
              </td>
              <td>{key.scopes.join(", ")}</td>
              <td>{key.last_used_at ? new Date(key.last_used_at).toLocaleString() : "never"}</td>
              <td>
                <button type="button" className="danger" onClick={() => remove.mutate(key.id)} aria-label={`Delete API key ${key.name}`}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function AuditLog() {
  const [action, setAction] = useState("");
  const [outcome, setOutcome] = useState<"" | "success" | "denied" | "failed">("");
  const [cursors, setCursors] = useState<string[]>([]);
  const cursor = cursors[cursors.length - 1];
  const events = useQuery({
    queryKey: ["audit", action, outcome, cursor],
    queryFn: async () =>
      unwrap(await api.GET("/v1/audit-log", { params: { query: { action: action || undefined, outcome: outcome || undefined, limit: 25, cursor } } })),
    placeholderData: keepPreviousData,
  });
  return (
    <section aria-labelledby="audit">
      <h2 id="audit">Audit log</h2>
      <search className="filters" aria-label="Filter the audit log">
        <label>
          Action
          <input
            value={action}
            onChange={(event) => {
              setAction(event.target.value);
              setCursors([]);
            }}
            placeholder="workflows, auth.login…"
          />
        </label>
        <label>
          Outcome
          <select
            value={outcome}
            onChange={(event) => {
              setOutcome(event.target.value as typeof outcome);
              setCursors([]);
            }}
          >
            <option value="">Any outcome</option>
            <option>success</option>
            <option>denied</option>
            <option>failed</option>
          </select>
        </label>
      </search>
      {events.isPending && <Spinner label="Loading the audit log" />}
      <ErrorMessage error={events.error} />
      <table className="list">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            <th scope="col">Resource</th>
            <th scope="col">Outcome</th>
          </tr>
        </thead>
        <tbody>
          {events.data?.items.map((event) => (
            <tr key={event.id}>
              <td>{event.occurred_at ? new Date(event.occurred_at).toLocaleString() : ""}</td>
              <td>
                {event.actor_kind} {event.actor_id.slice(0, 8)}
              </td>
              <td>{event.action}</td>
              <td>{event.resource_id.slice(0, 24)}</td>
              <td>{event.outcome}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row">
        <button type="button" disabled={!cursors.length} onClick={() => setCursors(cursors.slice(0, -1))}>
          Newer events
        </button>
        <button type="button" disabled={!events.data?.next_cursor} onClick={() => events.data?.next_cursor && setCursors([...cursors, events.data.next_cursor])}>
          Older events
        </button>
      </div>
    </section>
  );
}
