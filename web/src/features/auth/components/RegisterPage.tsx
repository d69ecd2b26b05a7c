import { useState } from "react";
import { Link, useNavigate } from "react-router-dom";
import { ErrorMessage, Spinner } from "../../../components/Feedback";
import { api, unwrap } from "../../../lib/api";
import { signIn } from "../hooks/useSession";

export function RegisterPage() {
  const navigate = useNavigate();
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const email = String(form.get("email"));
    const password = String(form.get("password"));
    setBusy(true);
    setError(null);
    try {
      unwrap(
        await api.POST("/v1/auth/register", {
          body: { email, password, workspace_name: String(form.get("workspace") || "") || null },
        }),
      );
      await signIn(email, password);
      navigate("/workflows", { replace: true });
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main id="main" className="auth-page">
      <h1>Create your Jobsprint account</h1>
      <form onSubmit={submit} className="card form">
        <label>
          Email
          <input name="email" type="email" autoComplete="username" required />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="new-password" minLength={10} required />
        </label>
        <label>
          Workspace name
          <input name="workspace" autoComplete="organization" />
        </label>
        <ErrorMessage error={error} />
        <button type="submit" className="primary" disabled={busy}>
          Create account
        </button>
        {busy && <Spinner label="Creating your account" />}
      </form>
      <p>
        Have an account? <Link to="/sign-in">Sign in</Link>
      </p>
    </main>
  );
}
