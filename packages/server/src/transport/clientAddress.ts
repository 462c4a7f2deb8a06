import type { IncomingMessage } from "node:http";
import proxyaddr from "proxy-addr";

/**
 * Whom the per-IP limits count: the client's address, read the way Express's
 * `trust proxy` with a hop count reads it (`proxy-addr`, the library behind `req.ip`), so
 * HTTP and the Socket.IO handshake always agree.
 *
 * With `hops` = 0 it is the TCP peer. With N, the TCP peer and the N - 1 rightmost
 * `X-Forwarded-For` entries are the trusted proxies and the address is the entry just left
 * of them: the rightmost one no trusted proxy wrote. Entries further left are whatever the
 * client sent, so they can never pick the bucket (a spoofed leftmost value used to).
 */
export function clientAddress(
  req: Pick<IncomingMessage, "headers" | "socket">,
  hops: number,
): string {
  return proxyaddr(req as IncomingMessage, trustHops(hops));
}

/** Express's compiled form of `trust proxy` = N (`(addr, i) => i < N`). */
export const trustHops =
  (hops: number) =>
  (_addr: string, i: number): boolean =>
    i < hops;

/** The Socket.IO handshake as `proxy-addr` reads a request: its headers and TCP peer. */
export function handshakeAddress(
  handshake: { headers: IncomingMessage["headers"]; address: string },
  hops: number,
): string {
  const peer = { remoteAddress: handshake.address } as IncomingMessage["socket"];
  return clientAddress({ headers: handshake.headers, socket: peer }, hops);
}

/**
 * Reads `TRUST_PROXY`: unset, `0`, `false` or `off` trust no proxy; a whole number N trusts N
 * proxy hops; `true` or `on` mean 1 (one reverse proxy, as before hop counts were read).
 */
export function parseTrustProxy(raw: string | undefined): number {
  const value = (raw ?? "").trim().toLowerCase();
  if (["", "0", "false", "off"].includes(value)) return 0;
  if (["true", "on"].includes(value)) return 1;
  if (/^\d{1,2}$/.test(value)) return Number(value);
  throw new Error(
    `TRUST_PROXY: cannot read "${raw}"; expected the number of proxies in front (0, 1, 2, ...)`,
  );
}

/** The embedding API's `trustProxy`: `true` is one hop, a number that many. */
export const proxyHops = (option: boolean | number | undefined): number =>
  option === true ? 1 : typeof option === "number" && option > 0 ? Math.floor(option) : 0;
