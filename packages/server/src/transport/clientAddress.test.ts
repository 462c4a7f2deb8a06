import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { clientAddress, handshakeAddress, parseTrustProxy, proxyHops } from "./clientAddress.ts";

const req = (peer: string, forwardedFor?: string) => ({
  headers: forwardedFor ? { "x-forwarded-for": forwardedFor } : {},
  socket: { remoteAddress: peer } as IncomingMessage["socket"],
});

describe("clientAddress", () => {
  // The client wrote "6.6.6.6, 7.7.7.7"; an outer proxy appended 1.1.1.1 (the client as it
  // saw it) and the inner one 10.0.0.2 (the outer proxy); the TCP peer is the inner proxy.
  const chain = "6.6.6.6, 7.7.7.7, 1.1.1.1, 10.0.0.2";

  it("is the TCP peer when no proxy is trusted, whatever the headers say", () => {
    expect(clientAddress(req("10.0.0.1", chain), 0)).toBe("10.0.0.1");
  });

  it("is the rightmost address no trusted proxy wrote, never a leftmost one", () => {
    expect(clientAddress(req("10.0.0.1", chain), 1)).toBe("10.0.0.2");
    expect(clientAddress(req("10.0.0.1", chain), 2)).toBe("1.1.1.1");
    expect(clientAddress(req("10.0.0.1", "1.1.1.1"), 1)).toBe("1.1.1.1");
  });

  it("stops at the leftmost entry when there are fewer entries than hops", () => {
    expect(clientAddress(req("10.0.0.1", "1.1.1.1"), 5)).toBe("1.1.1.1");
    expect(clientAddress(req("10.0.0.1"), 1)).toBe("10.0.0.1");
  });

  it("reads a Socket.IO handshake as Express reads the same request", () => {
    const handshake = { address: "10.0.0.1", headers: { "x-forwarded-for": chain } };
    for (const hops of [0, 1, 2, 3])
      expect(handshakeAddress(handshake, hops)).toBe(clientAddress(req("10.0.0.1", chain), hops));
  });
});

describe("TRUST_PROXY", () => {
  it.each([
    [undefined, 0],
    ["", 0],
    ["0", 0],
    ["false", 0],
    ["off", 0],
    ["1", 1],
    ["true", 1],
    ["on", 1],
    ["2", 2],
  ])("reads %j as %d hops", (raw, hops) => {
    expect(parseTrustProxy(raw)).toBe(hops);
  });

  it.each(["yes", "-1", "1.5", "loopback"])("refuses %j at startup", (raw) => {
    expect(() => parseTrustProxy(raw)).toThrow(/TRUST_PROXY/);
  });

  it("takes the embedding option as a boolean or a hop count", () => {
    expect([undefined, false, true, 0, 2].map(proxyHops)).toEqual([0, 0, 1, 0, 2]);
  });
});
