import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router-dom";
import { App } from "./App";
import { ApiError } from "./lib/api";
import { restore } from "./lib/session";
import "./styles.css";

// Opened straight onto a workflow (a link, a reload): fetch the editor's code while the session is
// restored, rather than after.
if (/^\/workflows\/[^/]+/.test(window.location.pathname)) void import("./features/editor/components/EditorPage");
void restore();

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 5_000,
      refetchOnWindowFocus: false,
      // A 4xx will not change by asking again; a 503 or a network error may.
      retry: (count, error) => count < 2 && !(error instanceof ApiError && error.problem.status < 500),
    },
  },
});

createRoot(document.getElementById("root") as HTMLElement).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <App />
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
