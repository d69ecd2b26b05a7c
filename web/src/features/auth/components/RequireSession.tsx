import { useEffect, useState } from "react";
import { Navigate, useLocation } from "react-router-dom";
import { Spinner } from "../../../components/Feedback";
import { restore } from "../../../lib/session";
import { useAccessToken } from "../hooks/useSession";

/** Pages behind sign-in: on a fresh load, the refresh cookie is spent for an access token first. */
export function RequireSession({ children }: { children: React.ReactNode }) {
  const token = useAccessToken();
  const location = useLocation();
  const [checked, setChecked] = useState(token !== null);
  useEffect(() => {
    if (token === null && !checked) void restore().finally(() => setChecked(true));
  }, [token, checked]);
  if (token !== null) return <>{children}</>;
  if (!checked) return <Spinner label="Restoring your session" />;
  return <Navigate to="/sign-in" replace state={{ from: location.pathname + location.search }} />;
}
