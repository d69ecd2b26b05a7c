// Expression fields: `{{ … }}` spans, and the names a user may reach in them, from the last run.

export interface Segment {
  text: string;
  expression: boolean;
}

export function segments(value: string): Segment[] {
  const parts: Segment[] = [];
  const pattern = /\{\{[\s\S]*?(\}\}|$)/g;
  let index = 0;
  for (const match of value.matchAll(pattern)) {
    if (match.index > index) parts.push({ text: value.slice(index, match.index), expression: false });
    parts.push({ text: match[0], expression: true });
    index = match.index + match[0].length;
  }
  if (index < value.length) parts.push({ text: value.slice(index), expression: false });
  return parts;
}

/** Dotted paths into a JSON value, at most `depth` deep: `a`, `a.b`, ... */
export function paths(prefix: string, value: unknown, depth = 3): string[] {
  const found: string[] = [prefix];
  if (depth === 0 || value === null || typeof value !== "object" || Array.isArray(value)) return found;
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) continue;
    found.push(...paths(`${prefix}.${key}`, inner, depth - 1));
  }
  return found;
}

export interface Scope {
  input?: unknown;
  steps?: Record<string, { output: unknown }>;
  execution?: unknown;
  request?: unknown;
}

/** Every name an expression may use: `input…`, `steps.<id>.output…`, `execution…`, `request…`. */
export function suggestions(scope: Scope, nodeIds: string[]): string[] {
  const names = new Set<string>([
    ...paths("input", scope.input ?? {}),
    "execution.id",
    "execution.workflow_id",
    "execution.started_at",
    "request.method",
    "request.headers",
    "request.query",
    ...paths("execution", scope.execution ?? {}, 1),
    ...paths("request", scope.request ?? {}, 2),
  ]);
  for (const id of nodeIds) {
    const step = scope.steps?.[id];
    for (const name of paths(`steps.${id}.output`, step?.output ?? {})) names.add(name);
  }
  return [...names];
}

/** The word being typed inside an open `{{` before `cursor`, or null outside an expression. */
export function wordAt(value: string, cursor: number): { start: number; word: string } | null {
  const before = value.slice(0, cursor);
  const open = before.lastIndexOf("{{");
  if (open < 0 || before.lastIndexOf("}}") > open) return null;
  const match = /[A-Za-z_][A-Za-z0-9_.]*$/.exec(before);
  if (!match) return { start: cursor, word: "" };
  return { start: cursor - match[0].length, word: match[0] };
}
