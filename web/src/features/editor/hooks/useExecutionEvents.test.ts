import { describe, expect, it } from "vitest";
import { parseEvents } from "./useExecutionEvents";

describe("parseEvents", () => {
  it("splits complete events, keeps the partial rest and skips comments", () => {
    const { events, rest } = parseEvents(': keep-alive\n\nid: 1\nevent: step.succeeded\ndata: {"a":1}\n\nid: 2\ndata: {"b"');
    expect(events).toEqual([{ id: "1", data: '{"a":1}' }]);
    expect(rest).toBe('id: 2\ndata: {"b"');
  });
});
