import { describe, expect, it } from "vitest";
import {
  decodeTokenIdentity,
  refreshDelayMs,
  TOKEN_REFRESH_LEAD_MS,
  TOKEN_REFRESH_MIN_MS,
} from "./identity.ts";

/** A JWT-shaped string with this payload (the SDK never checks signatures). */
const jwt = (payload: object) =>
  `e30.${Buffer.from(JSON.stringify(payload)).toString("base64url")}.sig`;
const NOW = 1_800_000_000_000;
const s = (ms: number) => Math.floor(ms / 1000);

describe("decodeTokenIdentity", () => {
  it("reads sub, role and name, and nothing from what is not a token", () => {
    expect(decodeTokenIdentity(jwt({ sub: "u1", role: "admin", name: "Ana" }))).toEqual({
      userId: "u1",
      role: "admin",
      name: "Ana",
    });
    for (const bad of ["", "opaque", "a.b.c", jwt({ sub: "u1", role: "root" }), jwt([])]) {
      expect(decodeTokenIdentity(bad)).toBeNull();
    }
  });
});

describe("refreshDelayMs", () => {
  it("asks a minute before expiry for long tokens", () => {
    const token = jwt({ iat: s(NOW), exp: s(NOW) + 3600 });
    expect(refreshDelayMs(token, NOW)).toBe(3600_000 - TOKEN_REFRESH_LEAD_MS);
  });

  it("asks with a fifth of the life left for short tokens", () => {
    expect(refreshDelayMs(jwt({ exp: s(NOW) + 10 }), NOW)).toBe(8000);
  });

  it("trusts iat over a device clock that runs behind the server's", () => {
    // Minted now by the server; the device's clock reads 5 minutes earlier.
    const token = jwt({ iat: s(NOW), exp: s(NOW) + 600 });
    expect(refreshDelayMs(token, NOW - 300_000)).toBe(600_000 - TOKEN_REFRESH_LEAD_MS);
  });

  it("waits at least 5 s for a token that looks expired, and answers null without exp", () => {
    expect(refreshDelayMs(jwt({ exp: s(NOW) - 1 }), NOW)).toBe(TOKEN_REFRESH_MIN_MS);
    expect(refreshDelayMs(jwt({ sub: "u1" }), NOW)).toBeNull();
    expect(refreshDelayMs("opaque-session-id", NOW)).toBeNull();
  });

  it("does not loop on a device clock that runs ahead of the server", () => {
    // A 5-minute token minted now, read on a clock 6 minutes ahead: it looks expired.
    const token = jwt({ iat: s(NOW), exp: s(NOW) + 300 });
    expect(refreshDelayMs(token, NOW + 360_000)).toBe(TOKEN_REFRESH_MIN_MS);
    // A 2-s token (tests): half its life at the least.
    expect(refreshDelayMs(jwt({ iat: s(NOW), exp: s(NOW) + 2 }), NOW + 60_000)).toBe(1000);
  });

  it("ignores a lead that is not a number of ms", () => {
    const token = jwt({ iat: s(NOW), exp: s(NOW) + 3600 });
    expect(refreshDelayMs(token, NOW, Number.NaN)).toBe(3600_000 - TOKEN_REFRESH_LEAD_MS);
    expect(refreshDelayMs(token, NOW, -5)).toBe(3600_000 - TOKEN_REFRESH_LEAD_MS);
  });

  it("stays within what setTimeout can hold", () => {
    expect(refreshDelayMs(jwt({ exp: s(NOW) + 10 * 365 * 86400 }), NOW)).toBe(2 ** 31 - 1);
  });
});
