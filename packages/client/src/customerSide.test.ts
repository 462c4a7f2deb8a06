// What a customer UI decides from contract v2's answers, once for the widget and the phone:
// the team's status from widget-config, the email the server would take, a rating that can
// be sent.
import { FAKE_WIDGET_CONFIG } from "./testing/index.ts";
import { describe, expect, it } from "vitest";
import { ChatError } from "@switchboard/protocol";
import {
  checkRating,
  contactEmail,
  emailTranscriptTo,
  teamStatus,
  widgetConfigRefreshMs,
} from "./customerSide.ts";

const config = FAKE_WIDGET_CONFIG;

describe("teamStatus", () => {
  it("is open, with how soon it replies, only while widget-config says open", () => {
    expect(teamStatus({ ...config, open: true, replyTime: "hours" })).toEqual({
      kind: "open",
      asksForEmail: false,
      replyTime: "hours",
    });
  });

  it("is away with the time it is back outside business hours, and asks for an email", () => {
    const nextOpenAt = "2026-03-02T08:00:00.000Z";
    expect(teamStatus({ ...config, open: false, nextOpenAt })).toEqual({
      kind: "away",
      asksForEmail: true,
      nextOpenAt,
    });
  });

  it("is noAgent when nobody is online and no time is known, and asks for an email", () => {
    expect(teamStatus({ ...config, open: false, agentsOnline: 0, nextOpenAt: null })).toEqual({
      kind: "noAgent",
      asksForEmail: true,
    });
  });

  it("claims nothing before the first answer", () => {
    expect(teamStatus(null)).toEqual({ kind: "unknown", asksForEmail: false });
  });

  it("reads again every 10 s while away, else every 30 s", () => {
    expect(widgetConfigRefreshMs({ ...config, open: false })).toBe(10_000);
    expect(widgetConfigRefreshMs(config)).toBe(30_000);
    expect(widgetConfigRefreshMs(null)).toBe(30_000);
  });
});

describe("contactEmail", () => {
  it("gives the address as the server stores it: trimmed and lower-cased", () => {
    expect(contactEmail("  Ada.Lovelace@Example.com ")).toBe("ada.lovelace@example.com");
  });

  it("refuses what set-contact's schema refuses", () => {
    for (const bad of ["", "ada", "ada@example", "ada @example.com", "@example.com"]) {
      expect(contactEmail(bad), bad).toBeNull();
    }
    expect(contactEmail(`${"a".repeat(250)}@example.com`)).toBeNull(); // over 254
  });
});

describe("checkRating", () => {
  it("asks for a score from 1 to 5 first", () => {
    expect(checkRating(null, "")).toEqual({ problem: "pick", over: 0 });
    expect(checkRating(0, "")).toEqual({ problem: "pick", over: 0 });
    expect(checkRating(6, "")).toEqual({ problem: "pick", over: 0 });
  });

  it("counts the comment in code points, as the server does", () => {
    expect(checkRating(4, "😀".repeat(1000))).toEqual({ problem: null, over: 0 });
    expect(checkRating(4, "😀".repeat(1003))).toEqual({ problem: "commentTooLong", over: 3 });
  });

  it("lets a score with a short comment, or none, through", () => {
    expect(checkRating(5, "Quick and kind")).toEqual({ problem: null, over: 0 });
    expect(checkRating(1, "")).toEqual({ problem: null, over: 0 });
  });
});

describe("emailTranscriptTo", () => {
  const client = (opts: { contact?: Error; email?: Error } = {}) => {
    const calls: string[] = [];
    return {
      calls,
      async setContact(email: string) {
        calls.push(`set-contact ${email}`);
        if (opts.contact) throw opts.contact;
        return {} as never;
      },
      async emailTranscript(roomId: string) {
        calls.push(`email ${roomId}`);
        if (opts.email) throw opts.email;
        return { to: "ada@example.com", requestedAt: "2026-12-05T20:00:00.000Z" };
      },
    };
  };

  it("stores a typed address first (checked, normalised), then asks for the transcript", async () => {
    const c = client();
    expect(await emailTranscriptTo(c, "r1", "  Ada@Example.com ")).toEqual({
      ok: true,
      to: "ada@example.com",
    });
    expect(c.calls).toEqual(["set-contact ada@example.com", "email r1"]);
  });

  it("asks without storing when no address is typed", async () => {
    const c = client();
    expect(await emailTranscriptTo(c, "r1")).toMatchObject({ ok: true });
    expect(c.calls).toEqual(["email r1"]);
  });

  it("says what went wrong, and whether at the field", async () => {
    expect(await emailTranscriptTo(client(), "r1", "ada@example")).toEqual({
      ok: false,
      error: "contact.invalid",
      atField: true,
    });
    const refused = client({ contact: new ChatError("VALIDATION", "no") });
    expect(await emailTranscriptTo(refused, "r1", "ada@example.com")).toMatchObject({
      error: "contact.invalid",
      atField: true,
    });
    expect(refused.calls).not.toContain("email r1");
    const down = client({ contact: new Error("offline") });
    expect(await emailTranscriptTo(down, "r1", "ada@example.com")).toMatchObject({
      error: "contact.failed",
    });
    const limited = client({ email: new ChatError("RATE_LIMITED", "later") });
    expect(await emailTranscriptTo(limited, "r1")).toEqual({
      ok: false,
      error: "transcript.emailLimited",
      atField: false,
    });
    const off = client({ email: new ChatError("NOT_FOUND", "email is off") });
    expect(await emailTranscriptTo(off, "r1")).toEqual({
      ok: false,
      error: "transcript.emailFailed",
      atField: false,
    });
  });
});
