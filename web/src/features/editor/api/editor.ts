import { useQuery } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../../lib/api";

export type NodeType = Schemas["NodeTypePublic"];

export function useNodeTypes() {
  return useQuery({
    queryKey: ["node-types"],
    queryFn: async () => unwrap(await api.GET("/v1/node-types")).items,
    staleTime: Infinity,
  });
}

export function useCredentials(types: string[]) {
  return useQuery({
    queryKey: ["credentials", "all"],
    queryFn: async () => unwrap(await api.GET("/v1/credentials", { params: { query: { limit: 200 } } })).items,
    select: (items) => (types.length ? items.filter((credential) => types.includes(credential.type)) : items),
  });
}

export function useExecution(id: string | null) {
  return useQuery({
    queryKey: ["execution", id],
    queryFn: async () =>
      unwrap(await api.GET("/v1/executions/{execution_id}", { params: { path: { execution_id: id as string } } })),
    enabled: id !== null,
  });
}

/** The newest execution of a workflow (its data feeds autocomplete and the preview). */
export function useLastExecution(workflowId: string) {
  return useQuery({
    queryKey: ["executions", "last", workflowId],
    queryFn: async () => {
      const page = unwrap(
        await api.GET("/v1/executions", { params: { query: { workflow_id: workflowId, limit: 1 } } }),
      );
      const last = page.items[0];
      if (!last) return null;
      return unwrap(
        await api.GET("/v1/executions/{execution_id}", { params: { path: { execution_id: last.id } } }),
      );
    },
  });
}
