import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSyncExternalStore } from "react";
import { api, unwrap } from "../../../lib/api";
import { accessToken, clearSession, csrfToken, restore, setSession, subscribe } from "../../../lib/session";

export function useAccessToken() {
  return useSyncExternalStore(subscribe, accessToken);
}

export function useMe() {
  const token = useAccessToken();
  return useQuery({
    queryKey: ["me", token !== null],
    queryFn: async () => unwrap(await api.GET("/v1/me")),
    enabled: token !== null,
    staleTime: 60_000,
  });
}

/** Roles that may change workflows and credentials (viewers read only; the API refuses anyway). */
export function useCanEdit() {
  const me = useMe();
  return me.data ? me.data.roles.some((role) => role !== "viewer") : false;
}

export function useIsAdmin() {
  const me = useMe();
  return me.data ? me.data.roles.some((role) => role === "owner" || role === "admin") : false;
}

export async function signIn(email: string, password: string, workspaceId?: string) {
  const session = unwrap(
    await api.POST("/v1/auth/session", {
      body: { email, password, workspace_id: workspaceId || null },
    }),
  );
  setSession(session.access_token, session.expires_in);
}

/** Move this browser's session to another of the user's workspaces, without the password again
 * (ADR-098): the server starts a session there, moves the refresh cookie, and ends this one. */
export async function switchWorkspace(workspaceId: string) {
  const session = unwrap(await api.POST("/v1/auth/session/switch", { body: { workspace_id: workspaceId } }));
  setSession(session.access_token, session.expires_in);
}

export function useSignOut() {
  const client = useQueryClient();
  return async () => {
    // The session must end at the server, not only here: with an expired access token, renew
    // it first (the refresh cookie still works), then end the session it belongs to.
    if (accessToken() || (await restore())) {
      const ended = await api.DELETE("/v1/auth/session", { headers: { "X-CSRF-Token": csrfToken() } });
      if (ended.response.status === 401 && (await restore())) {
        await api.DELETE("/v1/auth/session", { headers: { "X-CSRF-Token": csrfToken() } });
      }
    }
    clearSession();
    client.clear();
  };
}
