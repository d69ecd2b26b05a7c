// The API client, generated from the gateway's /v1/openapi.json (`make web-client`), with the
// session's bearer token added to every call and one refresh-and-retry on a 401.
import createClient, { type Middleware } from "openapi-fetch";
import type { components, JsonValue, paths } from "./api-schema";
import { accessToken, restore } from "./session";

export type Schemas = components["schemas"];
export type { JsonValue };
/** A JSON object, as the API takes a run's input or a credential's config and secret. */
export type JsonObject = { [key: string]: JsonValue };

export interface Problem {
  status: number;
  title?: string;
  detail?: string;
  errors?: { field: string; message: string }[];
}

export class ApiError extends Error {
  constructor(public problem: Problem) {
    super(problem.detail || problem.title || `request failed (${problem.status})`);
  }
}

const retried = new WeakSet<Request>();
const originals = new WeakMap<Request, Request>();

const auth: Middleware = {
  async onRequest({ request }) {
    originals.set(request, request.clone());
    const token = accessToken();
    if (token && !request.headers.has("Authorization")) request.headers.set("Authorization", `Bearer ${token}`);
    return request;
  },
  async onResponse({ request, response }) {
    if (response.status !== 401 || retried.has(request) || request.url.includes("/v1/auth/")) return response;
    const original = originals.get(request);
    if (!original || !(await restore())) return response;
    original.headers.set("Authorization", `Bearer ${accessToken()}`);
    retried.add(original);
    return fetch(original);
  },
};

export const api = createClient<paths>({ baseUrl: "" });
api.use(auth);

/** The data of an openapi-fetch answer, or an ApiError carrying the problem+json. */
export function unwrap<T>(result: { data?: T; error?: unknown; response: Response }): T {
  if (result.error !== undefined || !result.response.ok) {
    const problem = (result.error ?? {}) as Partial<Problem>;
    throw new ApiError({ status: result.response.status, ...problem } as Problem);
  }
  return result.data as T;
}

export function problemOf(error: unknown): Problem | null {
  return error instanceof ApiError ? error.problem : null;
}

export function messageOf(error: unknown): string {
  if (error instanceof ApiError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
