import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ErrorMessage, Spinner } from "../../../components/Feedback";
import { api, unwrap } from "../../../lib/api";
import { signIn, useMe } from "../../auth/hooks/useSession";

/** Your sessions (end any of them), your password, and switching workspace. */
export function AccountPage() {
  const client = useQueryClient();
  const me = useMe();
  const sessions = useQuery({ queryKey: ["sessions"], queryFn: async () => unwrap(await api.GET("/v1/me/sessions")).items });
  const revoke = useMutation({
    mutationFn: async (id: string) => unwrap(await api.DELETE("/v1/me/sessions/{session_id}", { params: { path: { session_id: id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["sessions"] }),
  });
  const [workspace, setWorkspace] = useState("");
  const [password, setPassword] = useState("");
  const switcher = useMutation({
    mutationFn: async () => signIn(me.data?.user.email ?? "", password, workspace),
    onSuccess: () => {
      setPassword("");
      client.clear();
    },
  });
  return (
    <div className="page">
      <h1>Account</h1>
      {me.data && (
        <p>
          Signed in as <strong>{me.data.user.email}</strong> in <strong>{me.data.workspace.name}</strong> ({me.data.roles.join(", ")}).
        </p>
      )}
      <section aria-labelledby="switch">
        <h2 id="switch">Switch workspace</h2>
        <form
          className="row"
          onSubmit={(event) => {
            event.preventDefault();
            switcher.mutate();
          }}
        >
          <label>
            Workspace ID
            <input value={workspace} onChange={(event) => setWorkspace(event.target.value)} required />
          </label>
          <label>
            Your password
            <input type="password" autoComplete="current-password" value={password} onChange={(event) => setPassword(event.target.value)} required />
          </label>
          <button type="submit" disabled={switcher.isPending}>
            Switch
          </button>
        </form>
        <ErrorMessage error={switcher.error} />
      </section>
      <section aria-labelledby="sessions">
        <h2 id="sessions">Sessions</h2>
        {sessions.isPending && <Spinner label="Loading sessions" />}
        <ErrorMessage error={sessions.error ?? revoke.error} />
        <table className="list">
          <thead>
            <tr>
              <th scope="col">Signed in</th>
              <th scope="col">Last refreshed</th>
              <th scope="col">Expires</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {sessions.data?.map((session) => (
              <tr key={session.id}>
                <td>
                  {session.created_at ? new Date(session.created_at).toLocaleString() : ""}
                  {session.current ? " (this one)" : ""}
                </td>
                <td>{session.last_refreshed_at ? new Date(session.last_refreshed_at).toLocaleString() : "never"}</td>
                <td>{session.expires_at ? new Date(session.expires_at).toLocaleString() : ""}</td>
                <td>
                  {!session.current && (
                    <button type="button" onClick={() => revoke.mutate(session.id)}>
                      End session
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
