// Northwind's HTTP client: JSON over fetch to its API on the same origin, with the signed-in
// user's token.
import type { User } from "./store.ts";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function api<T>(
  path: string,
  token: string | null,
  init: RequestInit = {},
): Promise<T> {
  const headers = new Headers(init.headers);
  if (token) headers.set("authorization", `Bearer ${token}`);
  if (init.body) headers.set("content-type", "application/json");
  const res = await fetch(`/api${path}`, { ...init, headers });
  const body = (await res.json().catch(() => ({}))) as { error?: string };
  if (!res.ok) throw new ApiError(res.status, body.error ?? res.statusText);
  return body as T;
}

export const login = (email: string, password: string) =>
  api<{ token: string; user: User }>("/login", null, {
    method: "POST",
    body: JSON.stringify({ email, password }),
  });
