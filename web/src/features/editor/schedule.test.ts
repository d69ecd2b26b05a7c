import { describe, expect, it } from "vitest";
import { describeSchedule, formatIn } from "./schedule";

describe("describeSchedule", () => {
  it("gives the next five times in the chosen time zone", () => {
    const now = new Date("2026-01-05T12:00:00Z");
    const { words, times, error } = describeSchedule("0 9 * * *", "Europe/Paris", 5, now);
    expect(error).toBeNull();
    expect(words).toMatch(/09:00/);
    expect(times).toHaveLength(5);
    expect(times[0].toISOString()).toBe("2026-01-06T08:00:00.000Z");
    expect(formatIn(times[0], "Europe/Paris")).toMatch(/09:00/);
  });
  it("says what is wrong with a bad expression", () => {
    expect(describeSchedule("not cron", "UTC").error).toBeTruthy();
  });
});
