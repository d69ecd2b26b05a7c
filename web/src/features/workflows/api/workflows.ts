import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap, type Schemas } from "../../../lib/api";

export type Workflow = Schemas["WorkflowPublic"];
export type Definition = { nodes: DefinitionNode[]; edges: DefinitionEdge[]; output?: string; settings?: object };
export interface DefinitionNode {
  id: string;
  type: string;
  name?: string;
  parameters?: Record<string, unknown>;
  retry?: Record<string, unknown> | null;
  timeout_seconds?: number | null;
  position?: { x: number; y: number };
}
export interface DefinitionEdge {
  from: string;
  to: string;
  output?: string;
}

export interface WorkflowFilter {
  q: string;
  tag: string;
  active: "" | "true" | "false";
  deleted: boolean;
}

export function useWorkflows(filter: WorkflowFilter) {
  return useQuery({
    queryKey: ["workflows", filter],
    queryFn: async () =>
      unwrap(
        await api.GET("/v1/workflows", {
          params: {
            query: {
              q: filter.q || undefined,
              tag: filter.tag ? [filter.tag] : undefined,
              active: filter.active === "" ? undefined : filter.active === "true",
              deleted: filter.deleted || undefined,
              order_by: filter.q ? "relevance" : undefined,
              limit: 100,
            },
          },
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

/** The newest execution's status of each workflow, from the latest executions of the workspace. */
export function useLastRuns() {
  return useQuery({
    queryKey: ["executions", "latest"],
    queryFn: async () => {
      const page = unwrap(await api.GET("/v1/executions", { params: { query: { limit: 200 } } }));
      const last = new Map<string, string>();
      for (const execution of page.items) if (!last.has(execution.workflow_id)) last.set(execution.workflow_id, execution.status);
      return last;
    },
  });
}

export function useWorkflow(id: string) {
  return useQuery({
    queryKey: ["workflow", id],
    queryFn: async () => unwrap(await api.GET("/v1/workflows/{workflow_id}", { params: { path: { workflow_id: id } } })),
  });
}

export function useCreateWorkflow() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: { name: string; definition: Definition; tags?: string[]; description?: string }) =>
      unwrap(await api.POST("/v1/workflows", { body: { ...body, description: body.description ?? "", definition: body.definition as never } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["workflows"] }),
  });
}

export function useImportWorkflow() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (body: Record<string, unknown>) =>
      unwrap(await api.POST("/v1/workflows/import", { body: body as never })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["workflows"] }),
  });
}

export function useDeleteWorkflow() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (workflow: Workflow) =>
      unwrap(
        await api.DELETE("/v1/workflows/{workflow_id}", {
          params: { path: { workflow_id: workflow.id }, header: { "If-Match": workflow.etag } as never },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ["workflows"] }),
  });
}

export function useRestoreWorkflow() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) =>
      unwrap(await api.POST("/v1/workflows/{workflow_id}/restore", { params: { path: { workflow_id: id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ["workflows"] }),
  });
}

export async function exportWorkflow(id: string) {
  return unwrap(await api.GET("/v1/workflows/{workflow_id}/export", { params: { path: { workflow_id: id } } }));
}

export const TEMPLATES: { name: string; description: string; definition: Definition }[] = [
  {
    name: "Order total",
    description: "Run by hand: compute a total from the input with an expression.",
    definition: {
      nodes: [
        { id: "start", type: "trigger.manual", position: { x: 0, y: 0 } },
        {
          id: "price",
          type: "core.set",
          parameters: { values: { total: "{{ input.qty * input.unit_price }}" } },
          position: { x: 260, y: 0 },
        },
      ],
      edges: [{ from: "start", to: "price" }],
    },
  },
  {
    name: "Webhook router",
    description: "A webhook, a field set, and two branches by a condition.",
    definition: {
      nodes: [
        { id: "hook", type: "trigger.webhook", parameters: { method: "POST", response_mode: "wait" }, position: { x: 0, y: 80 } },
        { id: "tag", type: "core.set", parameters: { values: { big: "{{ input.amount > 100 }}" } }, position: { x: 260, y: 80 } },
        { id: "check", type: "core.if", parameters: { condition: "{{ steps.tag.output.big }}" }, position: { x: 520, y: 80 } },
        { id: "large", type: "core.set", parameters: { values: { route: "large" } }, position: { x: 780, y: 0 } },
        { id: "small", type: "core.set", parameters: { values: { route: "small" } }, position: { x: 780, y: 170 } },
      ],
      edges: [
        { from: "hook", to: "tag" },
        { from: "tag", to: "check" },
        { from: "check", to: "large", output: "true" },
        { from: "check", to: "small", output: "false" },
      ],
    },
  },
];
