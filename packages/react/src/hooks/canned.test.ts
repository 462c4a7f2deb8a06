import type { CannedResponse } from "@switchboard/protocol";
import { describe, expect, it } from "vitest";
import { fillCanned, matchCanned, slashQuery } from "./canned.ts";

const c = (shortcode: string, title: string, content: string): CannedResponse => ({
  id: shortcode,
  shortcode,
  title,
  content,
});

describe("fillCanned", () => {
  it("fills the customer's and the agent's name, spaces and case in the braces allowed", () => {
    const text = "Hi {{customer.name}}, I'm {{ Agent.Name }}. {{customer.name}}!";
    expect(fillCanned(text, { customerName: "Dana", agentName: "Ana Lima" })).toBe(
      "Hi Dana, I'm Ana Lima. Dana!",
    );
  });

  it("greets 'there' without a customer name, drops an unknown agent name, keeps others", () => {
    expect(fillCanned("Hi {{customer.name}},", { customerName: null, agentName: null })).toBe(
      "Hi there,",
    );
    expect(fillCanned("{{agent.name}}", { customerName: "", agentName: undefined })).toBe("");
    expect(fillCanned("{{order.id}}", { customerName: "D", agentName: "A" })).toBe("{{order.id}}");
  });
});

describe("slashQuery", () => {
  it("is the first line after a slash at the very start, else null", () => {
    expect(slashQuery("/")).toBe("");
    expect(slashQuery("/ref")).toBe("ref");
    expect(slashQuery("/ref\nmore")).toBe("ref");
    expect(slashQuery(" /ref")).toBeNull();
    expect(slashQuery("see /ref")).toBeNull();
    expect(slashQuery("")).toBeNull();
  });
});

describe("matchCanned", () => {
  const all = [
    c("hello", "Greeting", "Hi there"),
    c("prefund", "Before a refund", "We check first"),
    c("refund", "Refund sent", "On its way"),
    c("shipping", "Delivery times", "Refunds take 3 days"),
  ];
  it("lists all for an empty query", () => {
    expect(matchCanned(all, "").map((x) => x.shortcode)).toEqual([
      "hello",
      "prefund",
      "refund",
      "shipping",
    ]);
  });

  it("ranks shortcode prefixes, then shortcode or title, then text; ignoring case", () => {
    expect(matchCanned(all, "REF").map((x) => x.shortcode)).toEqual([
      "refund",
      "prefund",
      "shipping",
    ]);
    expect(matchCanned(all, "delivery").map((x) => x.shortcode)).toEqual(["shipping"]);
    expect(matchCanned(all, "zzz")).toEqual([]);
  });
});
