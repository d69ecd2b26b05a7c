import { lazy, Suspense } from "react";
import { Navigate, Route, Routes } from "react-router-dom";
import { Spinner } from "./components/Feedback";
import { Layout } from "./components/Layout";
import { RegisterPage } from "./features/auth/components/RegisterPage";
import { RequireSession } from "./features/auth/components/RequireSession";
import { SignInPage } from "./features/auth/components/SignInPage";
import { WorkflowsPage } from "./features/workflows/components/WorkflowsPage";

// The canvas, forms and consoles load when first opened: the first screen ships only what it draws.
const EditorPage = lazy(() => import("./features/editor/components/EditorPage").then((m) => ({ default: m.EditorPage })));
const ExecutionsPage = lazy(() =>
  import("./features/executions/components/ExecutionsPage").then((m) => ({ default: m.ExecutionsPage })),
);
const ExecutionPage = lazy(() => import("./features/executions/components/ExecutionPage").then((m) => ({ default: m.ExecutionPage })));
const CredentialsPage = lazy(() =>
  import("./features/credentials/components/CredentialsPage").then((m) => ({ default: m.CredentialsPage })),
);
const AdminPage = lazy(() => import("./features/admin/components/AdminPage").then((m) => ({ default: m.AdminPage })));
const AccountPage = lazy(() => import("./features/admin/components/AccountPage").then((m) => ({ default: m.AccountPage })));

export function App() {
  return (
    <Suspense fallback={<Spinner label="Loading" />}>
      <Routes>
        <Route path="/sign-in" element={<SignInPage />} />
        <Route path="/register" element={<RegisterPage />} />
        <Route
          element={
            <RequireSession>
              <Layout />
            </RequireSession>
          }
        >
          <Route path="/workflows" element={<WorkflowsPage />} />
          <Route path="/workflows/:workflowId" element={<EditorPage />} />
          <Route path="/executions" element={<ExecutionsPage />} />
          <Route path="/executions/:executionId" element={<ExecutionPage />} />
          <Route path="/credentials" element={<CredentialsPage />} />
          <Route path="/admin" element={<AdminPage />} />
          <Route path="/account" element={<AccountPage />} />
        </Route>
        <Route path="*" element={<Navigate to="/workflows" replace />} />
      </Routes>
    </Suspense>
  );
}
