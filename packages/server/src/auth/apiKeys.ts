import { createHash, timingSafeEqual } from "node:crypto";
import type { Identity } from "./tokens.ts";

/** One of `API_KEYS`: a name (the agent id its messages are sent as by default) and a secret. */
export interface ApiKey {
  /** The key's name: the admin id its requests act as. */
  name: string;
  /** The bearer secret (16 characters or more). */
  secret: string;
}

/** The shortest secret accepted: 16 characters (a key is a password for the admin API). */
export const API_KEY_MIN_SECRET = 16;

/** An identity that came from an API key (a host's backend), not from a user's token. */
export type ApiKeyIdentity = Identity & { apiKey: true };

/** Parses `API_KEYS` (`name:secret,name:secret`); throws naming the bad entry (not its secret). */
export function parseApiKeys(value: string | undefined): ApiKey[] {
  if (!value?.trim()) return [];
  return value.split(",").map((entry, i) => {
    const at = entry.indexOf(":");
    const name = entry.slice(0, at).trim();
    const secret = entry.slice(at + 1).trim();
    if (at < 1 || !/^[\w.-]{1,64}$/.test(name))
      throw new Error(`API_KEYS entry ${i + 1} is not name:secret (name: letters, digits, . _ -)`);
    if (secret.length < API_KEY_MIN_SECRET)
      throw new Error(
        `API_KEYS entry "${name}": the secret needs ${API_KEY_MIN_SECRET} characters or more`,
      );
    return { name, secret };
  });
}

const digest = (s: string) => createHash("sha256").update(s).digest();

/**
 * The API key a bearer token is, compared in constant time (digests of equal length, every
 * key compared, no early exit), or null. The token and the secrets are never logged.
 */
export function matchApiKey(keys: readonly ApiKey[], token: string): ApiKey | null {
  const given = digest(token);
  let found: ApiKey | null = null;
  for (const key of keys) if (timingSafeEqual(given, digest(key.secret))) found ??= key;
  return found;
}

/** The identity of a request made with an API key: an admin named after the key. */
export const apiKeyIdentity = (key: ApiKey): ApiKeyIdentity => ({
  userId: key.name,
  role: "admin",
  name: key.name,
  apiKey: true,
});

export const isApiKey = (user: Identity): user is ApiKeyIdentity =>
  (user as Partial<ApiKeyIdentity>).apiKey === true;
