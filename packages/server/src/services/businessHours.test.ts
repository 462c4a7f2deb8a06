import { describe, expect, it } from "vitest";
import { isWithinHours, nextOpening, parseBusinessHours } from "./businessHours.ts";

const at = (iso: string) => new Date(iso);
const iso = (d: Date | null) => d?.toISOString() ?? null;

describe("BUSINESS_HOURS", () => {
  it("reads the contract's example, lists, several spans and holidays", () => {
    const h = parseBusinessHours(
      "Europe/Berlin; mon-fri 09:00-12:00, 13:00-17:30; sat 10:00-14:00; holidays 2026-12-24,2026-12-25",
    );
    expect(h.zone).toBe("Europe/Berlin");
    expect(h.days.get(1)).toEqual([
      { start: 540, end: 720 },
      { start: 780, end: 1050 },
    ]);
    expect(h.days.get(7)).toBeUndefined();
    expect([...h.holidays]).toEqual(["2026-12-24", "2026-12-25"]);
    expect(parseBusinessHours("UTC; fri-mon 10:00-11:00").days.size).toBe(4); // wraps
    expect(parseBusinessHours("UTC; mon,wed 10:00-24:00").days.get(3)).toEqual([
      { start: 600, end: 1440 },
    ]);
  });

  it.each([
    ["Mars/Olympus; mon 09:00-17:00", /time zone/],
    ["", /time zone/],
    ["UTC; someday 09:00-17:00", /days/],
    ["UTC; mon 9-17", /HH:MM/],
    ["UTC; mon 09:00-25:00", /bad time/],
    ["UTC; mon 09:61-10:00", /bad time/],
    ["UTC; mon", /no hours/],
    ["UTC; holidays 2026-13-01", /not a date/],
  ])("refuses %j clearly", (spec, message) => {
    expect(() => parseBusinessHours(spec)).toThrow(message);
  });

  describe("Europe/Berlin (northern hemisphere) across its daylight-saving changes", () => {
    const h = parseBusinessHours("Europe/Berlin; mon-sun 09:00-17:00, 02:30-03:30");
    it("opens at 09:00 local on both sides of the spring change (29 March 2026)", () => {
      // Saturday 28 March: UTC+1; Sunday 29 March: UTC+2.
      expect(isWithinHours(h, at("2026-03-28T08:00:00Z"))).toBe(true); // 09:00 CET
      expect(isWithinHours(h, at("2026-03-28T07:59:00Z"))).toBe(false);
      expect(isWithinHours(h, at("2026-03-29T07:00:00Z"))).toBe(true); // 09:00 CEST
      expect(isWithinHours(h, at("2026-03-29T06:59:00Z"))).toBe(false);
      // Not the skipped-hour span (below): 09:00 CEST.
      expect(iso(nextOpening(h, at("2026-03-28T16:30:00Z")))).toBe("2026-03-29T07:00:00.000Z");
    });
    it("moves a time in the skipped hour on by the gap: 02:30-03:30 is empty that night", () => {
      // 02:30 does not exist on 29 March: the span opens at 03:30 CEST (01:30Z), ends 03:30.
      expect(isWithinHours(h, at("2026-03-29T01:00:00Z"))).toBe(false); // 03:00 CEST
      expect(isWithinHours(h, at("2026-03-29T01:30:00Z"))).toBe(false); // empty span
    });
    it("opens at 09:00 local on both sides of the autumn change (25 October 2026)", () => {
      expect(isWithinHours(h, at("2026-10-24T07:00:00Z"))).toBe(true); // 09:00 CEST
      expect(isWithinHours(h, at("2026-10-25T07:00:00Z"))).toBe(false); // 08:00 CET
      expect(isWithinHours(h, at("2026-10-25T08:00:00Z"))).toBe(true); // 09:00 CET
      expect(iso(nextOpening(h, at("2026-10-25T04:00:00Z")))).toBe("2026-10-25T08:00:00.000Z");
    });
  });

  describe("Australia/Sydney (southern hemisphere) across its daylight-saving changes", () => {
    const h = parseBusinessHours("Australia/Sydney; mon-fri 09:00-17:00");
    it("follows the April end of summer time (5 April 2026: UTC+11 to UTC+10)", () => {
      // Friday 3 April 09:00 AEDT = 22:00Z Thursday; Monday 6 April 09:00 AEST = 23:00Z Sunday.
      expect(isWithinHours(h, at("2026-04-02T22:00:00Z"))).toBe(true);
      expect(isWithinHours(h, at("2026-04-02T21:59:00Z"))).toBe(false);
      expect(iso(nextOpening(h, at("2026-04-03T07:00:00Z")))).toBe("2026-04-05T23:00:00.000Z");
      expect(isWithinHours(h, at("2026-04-05T22:30:00Z"))).toBe(false); // 08:30 AEST
    });
    it("follows the October start of summer time (4 October 2026: UTC+10 to UTC+11)", () => {
      // Friday 2 October 09:00 AEST = 23:00Z Thursday; Monday 5 October 09:00 AEDT = 22:00Z Sunday.
      expect(isWithinHours(h, at("2026-10-01T23:00:00Z"))).toBe(true);
      expect(iso(nextOpening(h, at("2026-10-02T08:00:00Z")))).toBe("2026-10-04T22:00:00.000Z");
    });
  });

  it("keeps a span that runs past midnight open into the next day, also over a weekend", () => {
    const h = parseBusinessHours("UTC; fri 22:00-02:00; holidays 2026-12-25");
    expect(isWithinHours(h, at("2026-12-04T23:00:00Z"))).toBe(true); // Friday night
    expect(isWithinHours(h, at("2026-12-05T01:59:00Z"))).toBe(true); // Saturday, small hours
    expect(isWithinHours(h, at("2026-12-05T02:00:00Z"))).toBe(false);
    // Friday 25 December is a holiday: the next opening is a week later.
    expect(iso(nextOpening(h, at("2026-12-19T03:00:00Z")))).toBe("2027-01-01T22:00:00.000Z");
  });

  it("answers the next opening from inside a closed day, and null when it never opens", () => {
    const h = parseBusinessHours("Europe/Berlin; mon-fri 09:00-17:30");
    // Friday 4 December 2026, 18:00 CET: Monday 09:00 CET.
    expect(iso(nextOpening(h, at("2026-12-04T17:00:00Z")))).toBe("2026-12-07T08:00:00.000Z");
    expect(nextOpening(parseBusinessHours("UTC"), at("2026-12-04T17:00:00Z"))).toBeNull();
  });
});
