import { CronExpressionParser } from "cron-parser";
import cronstrue from "cronstrue";

/** A cron expression in words and its next `count` times in `timezone`, or the parse error. */
export function describeSchedule(expression: string, timezone: string, count = 5, now = new Date()) {
  try {
    const words = cronstrue.toString(expression, { use24HourTimeFormat: true, verbose: false });
    const parsed = CronExpressionParser.parse(expression, { tz: timezone || "UTC", currentDate: now });
    const times = parsed.take(count).map((date) => date.toDate());
    return { words, times, error: null as string | null };
  } catch (caught) {
    return { words: "", times: [] as Date[], error: caught instanceof Error ? caught.message : String(caught) };
  }
}

export function formatIn(date: Date, timezone: string): string {
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: timezone || "UTC",
    weekday: "short",
    year: "numeric",
    month: "short",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
  }).format(date);
}
