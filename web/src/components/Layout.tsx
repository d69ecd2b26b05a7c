import { NavLink, Outlet, useNavigate } from "react-router-dom";
import { useMe, useSignOut } from "../features/auth/hooks/useSession";

export function Layout() {
  const me = useMe();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const isAdmin = me.data?.roles.some((role) => role === "owner" || role === "admin") ?? false;
  return (
    <div className="shell">
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <span className="brand">Jobsprint Studio</span>
        <nav aria-label="Main">
          <NavLink to="/workflows">Workflows</NavLink>
          <NavLink to="/executions">Executions</NavLink>
          <NavLink to="/credentials">Credentials</NavLink>
          {isAdmin && <NavLink to="/admin">Admin</NavLink>}
          <NavLink to="/account">Account</NavLink>
        </nav>
        <span className="who">
          {me.data && (
            <>
              {me.data.user.email} · {me.data.workspace.name} ({me.data.roles.join(", ")})
            </>
          )}
        </span>
        <button
          type="button"
          onClick={async () => {
            await signOut();
            navigate("/sign-in");
          }}
        >
          Sign out
        </button>
      </header>
      <main id="main">
        <Outlet />
      </main>
    </div>
  );
}
