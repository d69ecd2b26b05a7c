import { describe, expect, it } from "vitest";
import { segments, suggestions, wordAt } from "./expressions";

describe("expressions", () => {
  it("marks the {{ }} spans", () => {
    expect(segments("Hi {{ input.name }}!")).toEqual([
      { text: "Hi ", expression: false },
      { text: "{{ input.name }}", expression: true },
      { text: "!", expression: false },
    ]);
  });
  it("suggests input and step output fields from the last run", () => {
    const names = suggestions({ input: { amount: 3 }, steps: { tag: { output: { big: true } } } }, ["tag", "other"]);
    expect(names).toContain("input.amount");
    expect(names).toContain("steps.tag.output.big");
    expect(names).toContain("steps.other.output");
  });
  it("finds the word typed inside an open expression only", () => {
    expect(wordAt("{{ inp", 6)).toEqual({ start: 3, word: "inp" });
    expect(wordAt("{{ a }} inp", 11)).toBeNull();
  });
});
