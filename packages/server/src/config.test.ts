import { describe, expect, it } from "vitest";
import { loadConfig } from "./config.ts";

const base = { MONGODB_URI: "mongodb://127.0.0.1:1/x" };
const prod = { ...base, NODE_ENV: "production", JWT_SECRET: "s" };

describe("token policy from the environment", () => {
  it("requires exp in production only, unless ALLOW_TOKENS_WITHOUT_EXP=on", () => {
    expect(loadConfig(base).tokenPolicy).toEqual({ requireExp: false });
    expect(loadConfig(prod).tokenPolicy).toEqual({ requireExp: true });
    const optedIn = { ...prod, ALLOW_TOKENS_WITHOUT_EXP: "on" };
    expect(loadConfig(optedIn).tokenPolicy).toEqual({ requireExp: false });
    expect(() => loadConfig({ ...prod, ALLOW_TOKENS_WITHOUT_EXP: "yes please" })).toThrow(
      /ALLOW_TOKENS_WITHOUT_EXP/,
    );
  });

  it("reads TOKEN_MAX_AGE_S as whole seconds", () => {
    expect(loadConfig({ ...prod, TOKEN_MAX_AGE_S: "86400" }).tokenPolicy).toEqual({
      requireExp: true,
      maxAgeS: 86400,
    });
    expect(() => loadConfig({ ...base, TOKEN_MAX_AGE_S: "1.5" })).toThrow(/TOKEN_MAX_AGE_S/);
    expect(() => loadConfig({ ...base, TOKEN_MAX_AGE_S: "0" })).toThrow(/TOKEN_MAX_AGE_S/);
  });
});

describe("routing from the environment", () => {
  it("is off by default; AUTO_ASSIGN=on with AGENT_CAPACITY (default 5)", () => {
    expect(loadConfig(base).routing).toEqual({ enabled: false, capacity: 5 });
    expect(loadConfig({ ...base, AUTO_ASSIGN: "on", AGENT_CAPACITY: "3" }).routing).toEqual({
      enabled: true,
      capacity: 3,
    });
    for (const bad of ["0", "-1", "2.5", "many"])
      expect(() => loadConfig({ ...base, AGENT_CAPACITY: bad }), bad).toThrow(/AGENT_CAPACITY/);
  });
});

describe("the widget's settings from the environment", () => {
  it("reads them, leaving unset ones to the defaults", () => {
    expect(loadConfig(base).widget).toEqual({});
    const env = {
      ...base,
      TEAM_NAME: "Acme",
      GREETING: "Hallo!",
      WIDGET_LOCALE: "de",
      WIDGET_COLOR: "#112233",
      REPLY_TIME: "hours",
      BUSINESS_HOURS: "Europe/Berlin; mon-fri 09:00-17:30",
    };
    expect(loadConfig(env).widget).toEqual({
      teamName: "Acme",
      greeting: "Hallo!",
      locale: "de",
      color: "#112233",
      replyTime: "hours",
      businessHours: "Europe/Berlin; mon-fri 09:00-17:30",
    });
  });

  it("refuses a bad colour, reply time or business hours at start, naming it", () => {
    expect(() => loadConfig({ ...base, WIDGET_COLOR: "red" })).toThrow(/WIDGET_COLOR/);
    expect(() => loadConfig({ ...base, REPLY_TIME: "soon" })).toThrow(/REPLY_TIME/);
    expect(() => loadConfig({ ...base, BUSINESS_HOURS: "Berlin; mon 9-5" })).toThrow(
      /BUSINESS_HOURS/,
    );
  });
});

describe("retention and email from the environment", () => {
  it("reads RETENTION_DAYS as whole days, and SMTP_URL with EMAIL_FROM", () => {
    expect(loadConfig(base).retentionDays).toBeNull();
    expect(loadConfig({ ...base, RETENTION_DAYS: "365" }).retentionDays).toBe(365);
    expect(() => loadConfig({ ...base, RETENTION_DAYS: "0.5" })).toThrow(/RETENTION_DAYS/);
    expect(loadConfig(base).email).toBeNull();
    expect(
      loadConfig({ ...base, SMTP_URL: "smtp://127.0.0.1:2525", EMAIL_FROM: "a@b.test" }).email,
    ).toEqual({ smtpUrl: "smtp://127.0.0.1:2525", from: "a@b.test", delaySeconds: 120 });
    expect(() => loadConfig({ ...base, SMTP_URL: "smtp://127.0.0.1:2525" })).toThrow(/EMAIL_FROM/);
    expect(() => loadConfig({ ...base, SMTP_URL: "http://x", EMAIL_FROM: "a@b.test" })).toThrow(
      /SMTP_URL/,
    );
  });
});

describe("webhooks from the environment", () => {
  it("reads WEBHOOK_URLS with WEBHOOK_SECRET, WEBHOOK_NOTES and WEBHOOK_RETRY_BASE_MS", () => {
    expect(loadConfig(base).webhooks).toBeNull();
    const on = {
      ...base,
      WEBHOOK_URLS: " https://a.test/hook, http://b.test:8080/x ",
      WEBHOOK_SECRET: "k",
    };
    expect(loadConfig(on).webhooks).toEqual({
      urls: ["https://a.test/hook", "http://b.test:8080/x"],
      secret: "k",
      notes: false,
      retryBaseMs: 10_000,
    });
    expect(
      loadConfig({ ...on, WEBHOOK_NOTES: "on", WEBHOOK_RETRY_BASE_MS: "50" }).webhooks,
    ).toMatchObject({ notes: true, retryBaseMs: 50 });
    expect(() => loadConfig({ ...on, WEBHOOK_SECRET: "" })).toThrow(/WEBHOOK_SECRET/);
    expect(() => loadConfig({ ...on, WEBHOOK_URLS: "ftp://x.test/" })).toThrow(/WEBHOOK_URLS/);
    expect(() => loadConfig({ ...on, WEBHOOK_URLS: "not a url" })).toThrow(/WEBHOOK_URLS/);
    expect(() => loadConfig({ ...on, WEBHOOK_NOTES: "yes" })).toThrow(/WEBHOOK_NOTES/);
    expect(() => loadConfig({ ...on, WEBHOOK_RETRY_BASE_MS: "0" })).toThrow(
      /WEBHOOK_RETRY_BASE_MS/,
    );
  });
});
