import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { ErrorMessage, Spinner } from "../../../components/Feedback";
import { api, unwrap } from "../../../lib/api";
import { switchWorkspace, useMe } from "../../auth/hooks/useSession";

/** Your sessions (end any of them), your password, and switching workspace. */
export function AccountPage() {
  const client = useQueryClient();
  const me = useMe();
  const sessions = useQuery({ queryKey: ["sessions"], queryFn: async () => unwrap(await api.GET("/v1/me/sessions")).items });
  const revoke = useMutation({
    mutationFn: async (id: string) => unwrap(await api.DELETE("/v1/me/sessions/{session_id}", { params: { path: { session_id: id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["sessions"] }),
  });
  const workspaces = useQuery({ queryKey: ["my-workspaces"], queryFn: async () => unwrap(await api.GET("/v1/me/workspaces")).items });
  const switcher = useMutation({
    mutationFn: switchWorkspace,
    // Everything cached belongs to the workspace left behind.
    onSuccess: () => client.resetQueries(),
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
        {workspaces.isPending && <Spinner label="Loading your workspaces" />}
        <ErrorMessage error={workspaces.error} />
        <table className="list">
          <thead>
            <tr>
              <th scope="col">Workspace</th>
              <th scope="col">Your role</th>
              <th scope="col">Joined</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {workspaces.data?.map((membership) => (
              <tr key={membership.workspace.id}>
                <td>
                  {membership.workspace.name}
                  {membership.current ? " (this one)" : ""}
                </td>
                <td>{membership.role}</td>
                <td>{membership.joined_at ? new Date(membership.joined_at).toLocaleString() : ""}</td>
                <td>
                  {!membership.current && (
                    <button
                      type="button"
                      disabled={switcher.isPending}
                      aria-label={`Switch to ${membership.workspace.name}`}
                      onClick={() => switcher.mutate(membership.workspace.id)}
                    >
                      Switch
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
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
