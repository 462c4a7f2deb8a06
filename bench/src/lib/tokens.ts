// HS256 tokens signed with node:crypto: workers sign thousands without loading the server
// package (same claims as the server's signToken).
import { createHmac } from "node:crypto";

const b64 = (s: string | Buffer) => Buffer.from(s).toString("base64url");

export function sign(secret: string, sub: string, role: "customer" | "admin", ttlS = 3600): string {
  const now = Math.floor(Date.now() / 1000);
  const head = b64(JSON.stringify({ alg: "HS256", typ: "JWT" }));
  const body = b64(JSON.stringify({ role, sub, iat: now, exp: now + ttlS }));
  const mac = createHmac("sha256", secret).update(`${head}.${body}`).digest();
  return `${head}.${body}.${b64(mac)}`;
}
