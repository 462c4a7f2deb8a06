import { DateTime, IANAZone } from "luxon";

/**
 * Contract v2 `BUSINESS_HOURS`: a time zone, then the opening hours per weekday, then
 * optionally the holidays, separated by `;`:
 *
 *     Europe/Berlin; mon-fri 09:00-17:30; sat 10:00-14:00; holidays 2026-12-24, 2026-12-25
 *
 * Days are `mon`..`sun`, as a range (`mon-fri`, `fri-mon` wraps) or a list (`mon,wed`); a day
 * may have several spans (`mon-fri 09:00-12:00, 13:00-17:00`); a span whose end is not after
 * its start runs past midnight (`fri 22:00-02:00`), `24:00` is the end of the day. Holidays are
 * local dates on which no span starts. Times are wall-clock times in the zone, so the hours
 * follow its daylight-saving changes (luxon, on the platform's time zone data): a time in the
 * hour the clocks skip is moved on by the gap (02:30 on a spring-forward night is 03:30), a
 * time in the hour that repeats is its first occurrence (still daylight time).
 */
export interface BusinessHours {
  /** The IANA zone the hours are in. */
  zone: string;
  /** Spans per ISO weekday (1 Monday .. 7 Sunday), minutes from local midnight. */
  days: Map<number, Span[]>;
  /** Local dates (`YYYY-MM-DD`) on which the team does not open. */
  holidays: Set<string>;
}

/** Minutes from local midnight: `end` may be past 1440 for a span that runs past midnight. */
interface Span {
  start: number;
  end: number;
}

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
/** How far ahead `nextOpen` looks (a year of holidays at most). */
const HORIZON_DAYS = 400;

/** Parses `BUSINESS_HOURS`; throws an Error naming the part it could not read. */
export function parseBusinessHours(spec: string): BusinessHours {
  const [zonePart, ...parts] = spec
    .split(";")
    .map((p) => p.trim())
    .filter(Boolean);
  if (!zonePart || !IANAZone.isValidZone(zonePart))
    throw new Error(`BUSINESS_HOURS: "${zonePart ?? ""}" is not a time zone (e.g. Europe/Berlin)`);
  const hours: BusinessHours = { zone: zonePart, days: new Map(), holidays: new Set() };
  for (const part of parts) {
    const [head = "", ...rest] = part.split(/\s+/);
    const body = rest.join(" ");
    if (head.toLowerCase() === "holidays") {
      for (const date of body.split(/[\s,]+/).filter(Boolean)) {
        if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !DateTime.fromISO(date).isValid)
          throw new Error(`BUSINESS_HOURS: "${date}" is not a date (YYYY-MM-DD)`);
        hours.holidays.add(date);
      }
      continue;
    }
    const spans = body
      .split(",")
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => parseSpan(s, part));
    if (spans.length === 0) throw new Error(`BUSINESS_HOURS: "${part}" has no hours`);
    for (const day of parseDays(head, part)) {
      const list = hours.days.get(day) ?? [];
      list.push(...spans);
      hours.days.set(day, list);
    }
  }
  return hours;
}

function parseDays(text: string, part: string): number[] {
  const days: number[] = [];
  for (const item of text.toLowerCase().split(",")) {
    const [from, to] = item.split("-");
    const a = DAYS.indexOf(from ?? "");
    const b = to === undefined ? a : DAYS.indexOf(to);
    if (a < 0 || b < 0) throw new Error(`BUSINESS_HOURS: "${part}" does not start with days`);
    for (let d = a; ; d = (d + 1) % 7) {
      days.push(d + 1);
      if (d === b) break;
    }
  }
  return days;
}

function parseSpan(text: string, part: string): Span {
  const m = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(text);
  const minutes = (h: string, min: string) => {
    const value = Number(h) * 60 + Number(min);
    if (Number(min) > 59 || value > 24 * 60)
      throw new Error(`BUSINESS_HOURS: bad time in "${part}"`);
    return value;
  };
  if (!m) throw new Error(`BUSINESS_HOURS: "${text}" in "${part}" is not HH:MM-HH:MM`);
  const start = minutes(m[1]!, m[2]!);
  let end = minutes(m[3]!, m[4]!);
  if (start === 24 * 60) throw new Error(`BUSINESS_HOURS: "${text}" starts at the day's end`);
  if (end <= start) end += 24 * 60; // past midnight
  return { start, end };
}

/** One opening as instants: [from, to). */
interface Opening {
  from: DateTime;
  to: DateTime;
}

/** The openings that start on the local date `day` (a DateTime at that date's midnight). */
function openingsOn(hours: BusinessHours, day: DateTime): Opening[] {
  if (hours.holidays.has(day.toISODate()!)) return [];
  const at = (minutes: number) =>
    DateTime.fromObject({ year: day.year, month: day.month, day: day.day }, { zone: hours.zone })
      .plus({ days: Math.floor(minutes / 1440) })
      .set({
        hour: Math.floor((minutes % 1440) / 60),
        minute: minutes % 60,
      });
  return (hours.days.get(day.weekday) ?? [])
    .map((s) => ({ from: at(s.start), to: at(s.end) }))
    .filter((o) => o.to > o.from); // a span inside the hour the clocks skip is no opening
}

/** Whether the team is within its hours at `now`. */
export function isWithinHours(hours: BusinessHours, now: Date): boolean {
  const t = DateTime.fromJSDate(now, { zone: hours.zone });
  const today = t.startOf("day");
  // Yesterday's span may run past midnight into today.
  for (const day of [today.minus({ days: 1 }), today])
    for (const o of openingsOn(hours, day)) if (o.from <= t && t < o.to) return true;
  return false;
}

/**
 * When the hours next begin after `now` (the start of the next opening), or null when they
 * never do within a year (no hours at all, or a year of holidays). Not meaningful while open.
 */
export function nextOpening(hours: BusinessHours, now: Date): Date | null {
  const t = DateTime.fromJSDate(now, { zone: hours.zone });
  let day = t.startOf("day").minus({ days: 1 });
  for (let i = 0; i < HORIZON_DAYS; i++, day = day.plus({ days: 1 })) {
    const starts = openingsOn(hours, day)
      .filter((o) => o.to > t)
      .map((o) => (o.from > t ? o.from : t))
      .sort((a, b) => a.toMillis() - b.toMillis());
    if (starts[0]) return starts[0].toJSDate();
  }
  return null;
}
