import type { ClientIdentity } from "./types.ts";

const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/** Base64url (or base64) to bytes, without `atob`/`Buffer` (neither is everywhere). */
function base64UrlToBytes(input: string): Uint8Array {
  const clean = input.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let n = 0;
  for (const ch of clean) {
    const v = B64URL.indexOf(ch);
    if (v < 0) throw new Error("not base64url");
    value = (value << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[n++] = (value >> bits) & 0xff;
    }
  }
  return out.subarray(0, n);
}

/** UTF-8 bytes to a string, without `TextDecoder` (missing on some React Native engines). */
function utf8(bytes: Uint8Array): string {
  let percent = "";
  for (const b of bytes) percent += "%" + b.toString(16).padStart(2, "0");
  return decodeURIComponent(percent);
}

/** A JWT's payload (its middle part, base64url JSON), NOT verified; null when unreadable. */
function decodeTokenPayload(token: string): Record<string, unknown> | null {
  const part = token.split(".")[1];
  if (!part) return null;
  try {
    const payload: unknown = JSON.parse(utf8(base64UrlToBytes(part)));
    return typeof payload === "object" && payload !== null
      ? (payload as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
}

/**
 * Reads `{ userId, role, name }` from a JWT's payload (its middle part, base64url JSON).
 * The signature is NOT verified: this is for display and for telling our messages from
 * the other side's; the server verifies every token. Returns null for anything that is
 * not a token with a string `sub` and a `customer` / `admin` role.
 *
 * @example
 * ```ts
 * const me = decodeTokenIdentity(token); // { userId: "u1", role: "customer" }
 * ```
 */
export function decodeTokenIdentity(token: string): ClientIdentity | null {
  const payload = decodeTokenPayload(token);
  if (!payload) return null;
  const { sub, role, name } = payload;
  if (typeof sub !== "string" || (role !== "customer" && role !== "admin")) return null;
  return typeof name === "string" ? { userId: sub, role, name } : { userId: sub, role };
}

/** How long before a token's expiry the SDK asks for the next one, at most (see below). */
export const TOKEN_REFRESH_LEAD_MS = 60_000;

/** Refreshes are at least this far apart (less only for tokens that live under 10 s). */
export const TOKEN_REFRESH_MIN_MS = 5_000;

/**
 * When to ask for a fresh token, in ms from `now`: {@link TOKEN_REFRESH_LEAD_MS} before the
 * token runs out, or a fifth of its remaining life for short tokens. null for a token without
 * a readable `exp` (nothing to refresh ahead of; the server's `session-expired` still works).
 *
 * The time left is the smaller of `exp - now` and, when the token has `iat`, `exp - iat`: a
 * freshly minted token read on a device whose clock runs behind the server's would otherwise
 * look longer-lived than it is. A device clock that runs ahead makes every token look
 * expired; the answer is then never under {@link TOKEN_REFRESH_MIN_MS} (or half of `exp -
 * iat` for shorter tokens), so a fresh token is not asked for in a tight loop.
 *
 * @example
 * ```ts
 * refreshDelayMs(tokenFor1Hour); // 3_540_000: ask again after 59 minutes
 * ```
 */
export function refreshDelayMs(
  token: string,
  now = Date.now(),
  leadMs = TOKEN_REFRESH_LEAD_MS,
): number | null {
  const life = tokenLife(token, now);
  if (!life) return null;
  const { left, lifetime } = life;
  const lead = Number.isFinite(leadMs) && leadMs >= 0 ? leadMs : TOKEN_REFRESH_LEAD_MS;
  const floor = Math.min(TOKEN_REFRESH_MIN_MS, lifetime === undefined ? Infinity : lifetime / 2);
  const delay = left <= 0 ? 0 : left - Math.min(lead, left / 5);
  return Math.min(Math.max(delay, floor), 2 ** 31 - 1);
}

/**
 * How long a token has left, in ms (≤ 0 when it looks expired), by the rule of
 * {@link refreshDelayMs}; null without a readable `exp`.
 */
export function tokenTimeLeftMs(token: string, now = Date.now()): number | null {
  return tokenLife(token, now)?.left ?? null;
}

/** `left`: the smaller of `exp - now` and `exp - iat`; `lifetime`: `exp - iat`, when known. */
function tokenLife(token: string, now: number): { left: number; lifetime?: number } | null {
  const payload = decodeTokenPayload(token);
  const exp = payload?.exp;
  if (typeof exp !== "number" || !Number.isFinite(exp)) return null;
  const iat = payload?.iat;
  const lifetime = typeof iat === "number" && iat <= exp ? (exp - iat) * 1000 : undefined;
  const left = exp * 1000 - now;
  return lifetime === undefined ? { left } : { left: Math.min(left, lifetime), lifetime };
}
