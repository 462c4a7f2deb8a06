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
  const part = token.split(".")[1];
  if (!part) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(utf8(base64UrlToBytes(part)));
  } catch {
    return null;
  }
  if (typeof payload !== "object" || payload === null) return null;
  const { sub, role, name } = payload as Record<string, unknown>;
  if (typeof sub !== "string" || (role !== "customer" && role !== "admin")) return null;
  return typeof name === "string" ? { userId: sub, role, name } : { userId: sub, role };
}
