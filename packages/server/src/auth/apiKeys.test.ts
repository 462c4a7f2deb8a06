import { describe, expect, it } from "vitest";
import { matchApiKey, parseApiKeys } from "./apiKeys.ts";

describe("API_KEYS", () => {
  it("parses name:secret pairs and matches a bearer token to its key", () => {
    const keys = parseApiKeys("crm:0123456789abcdef0123, bot:fedcba9876543210fedc");
    expect(keys.map((k) => k.name)).toEqual(["crm", "bot"]);
    expect(matchApiKey(keys, "fedcba9876543210fedc")?.name).toBe("bot");
    expect(matchApiKey(keys, "fedcba9876543210fedX")).toBeNull();
    expect(matchApiKey(keys, "")).toBeNull();
    expect(matchApiKey([], "anything")).toBeNull();
    expect(parseApiKeys(undefined)).toEqual([]);
    expect(parseApiKeys(" ")).toEqual([]);
  });

  it("refuses a short secret or a bad name, without printing the secret", () => {
    expect(() => parseApiKeys("crm:short-secret")).toThrow(/"crm".*16 characters/);
    expect(() => parseApiKeys("crm:short-secret")).not.toThrow(/short-secret/);
    expect(() => parseApiKeys(":0123456789abcdef0123")).toThrow(/entry 1/);
    expect(() => parseApiKeys("a b:0123456789abcdef0123")).toThrow(/entry 1/);
    expect(() => parseApiKeys("nocolon")).toThrow(/entry 1/);
  });
});
