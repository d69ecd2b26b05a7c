// Follows an execution's Server-Sent Events (GET /v1/executions/{id}/events). EventSource cannot
// send the bearer token, so the stream is read with fetch; after a dropped connection it
// reconnects with `Last-Event-ID`, so no event is missed or repeated.
import { useEffect, useRef, useState } from "react";
import { accessToken, restore } from "../../../lib/session";

export interface ExecutionEvent {
  sequence: number;
  type: string;
  time: string;
  data: Record<string, unknown>;
}

export function parseEvents(buffer: string): { events: { id?: string; data: string }[]; rest: string } {
  const blocks = buffer.split(/\r?\n\r?\n/);
  const rest = blocks.pop() ?? "";
  const events: { id?: string; data: string }[] = [];
  for (const block of blocks) {
    let id: string | undefined;
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith("id:")) id = line.slice(3).trim();
      else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
    }
    if (data.length) events.push({ id, data: data.join("\n") });
  }
  return { events, rest };
}

const FINAL = new Set(["execution.finished", "execution.cancelled"]);

export function useExecutionEvents(executionId: string | null) {
  const [events, setEvents] = useState<ExecutionEvent[]>([]);
  const [connected, setConnected] = useState(false);
  const last = useRef<string | null>(null);

  useEffect(() => {
    setEvents([]);
    last.current = null;
    if (!executionId) return;
    const controller = new AbortController();
    let finished = false;

    async function follow() {
      let delay = 250;
      while (!finished && !controller.signal.aborted) {
        try {
          const headers: Record<string, string> = { Accept: "text/event-stream", Authorization: `Bearer ${accessToken()}` };
          if (last.current) headers["Last-Event-ID"] = last.current;
          const response = await fetch(`/v1/executions/${executionId}/events`, { headers, signal: controller.signal });
          if (response.status === 401 && (await restore())) continue;
          if (!response.ok || !response.body) throw new Error(`event stream answered ${response.status}`);
          setConnected(true);
          delay = 250;
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = "";
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            const parsed = parseEvents(buffer + value);
            buffer = parsed.rest;
            const fresh: ExecutionEvent[] = [];
            for (const item of parsed.events) {
              if (item.id) last.current = item.id;
              const event = JSON.parse(item.data) as ExecutionEvent;
              fresh.push(event);
              if (FINAL.has(event.type)) finished = true;
            }
            if (fresh.length) setEvents((previous) => [...previous, ...fresh]);
          }
        } catch (error) {
          if (controller.signal.aborted) return;
          void error;
        }
        setConnected(false);
        if (!finished) {
          await new Promise((resolve) => setTimeout(resolve, delay));
          delay = Math.min(delay * 2, 5000);
        }
      }
    }
    void follow();
    return () => controller.abort();
  }, [executionId]);

  return { events, connected };
}
