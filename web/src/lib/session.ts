// The signed-in session: the access token lives in memory only (ADR-071). The refresh token is
// an HttpOnly cookie the page cannot read; `restore()` spends it for a new access token, sending
// the CSRF cookie's value back in `X-CSRF-Token`.

type Listener = () => void;

interface Session {
  accessToken: string;
  expiresAt: number;
}

let current: Session | null = null;
const listeners = new Set<Listener>();
let refreshing: Promise<boolean> | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;

export function accessToken(): string | null {
  return current?.accessToken ?? null;
}

export function subscribe(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function notify() {
  for (const listener of listeners) listener();
}

export function setSession(accessToken: string, expiresIn: number) {
  current = { accessToken, expiresAt: Date.now() + expiresIn * 1000 };
  clearTimeout(timer);
  // Refresh a minute before expiry, so long edits never meet a 401.
  timer = setTimeout(() => void restore(), Math.max(5, expiresIn - 60) * 1000);
  notify();
}

export function clearSession() {
  current = null;
  clearTimeout(timer);
  notify();
}

export function csrfToken(): string {
  const match = document.cookie.split("; ").find((part) => part.startsWith("jobsprint_csrf="));
  return match ? decodeURIComponent(match.slice("jobsprint_csrf=".length)) : "";
}

/** Spend the refresh cookie for a new access token; false when there is no session. */
export function restore(): Promise<boolean> {
  if (!refreshing) {
    refreshing = (async () => {
      const csrf = csrfToken();
      if (!csrf) {
        clearSession();
        return false;
      }
      try {
        const response = await fetch("/v1/auth/session/refresh", {
          method: "POST",
          headers: { "X-CSRF-Token": csrf },
          credentials: "same-origin",
        });
        if (!response.ok) {
          clearSession();
          return false;
        }
        const body = (await response.json()) as { access_token: string; expires_in: number };
        setSession(body.access_token, body.expires_in);
        return true;
      } catch {
        return false;
      } finally {
        refreshing = null;
      }
    })();
  }
  return refreshing;
}
