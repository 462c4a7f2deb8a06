import { describe, expect, it } from "vitest";
import { linkify, type TextPiece } from "./linkify.ts";

/** The links of a text, as [text, href]. */
const links = (text: string) =>
  linkify(text)
    .filter((p): p is Required<TextPiece> => p.href !== undefined)
    .map((p) => [p.text, p.href]);

describe("linkify", () => {
  it("links http, https and www addresses; a www address goes to https", () => {
    expect(linkify("see https://example.com/a?b=c#d now")).toEqual([
      { text: "see " },
      { text: "https://example.com/a?b=c#d", href: "https://example.com/a?b=c#d" },
      { text: " now" },
    ]);
    expect(links("http://example.com")).toEqual([["http://example.com", "http://example.com/"]]);
    expect(links("www.example.com/x")).toEqual([
      ["www.example.com/x", "https://www.example.com/x"],
    ]);
    expect(links("HTTPS://EXAMPLE.COM/Path")).toEqual([
      ["HTTPS://EXAMPLE.COM/Path", "https://example.com/Path"],
    ]);
    expect(links("WWW.Example.com")).toEqual([["WWW.Example.com", "https://www.example.com/"]]);
    expect(links("http://localhost:3000/x and http://[::1]:8080/")).toEqual([
      ["http://localhost:3000/x", "http://localhost:3000/x"],
      ["http://[::1]:8080/", "http://[::1]:8080/"],
    ]);
  });

  it("never links another scheme, a bare domain or an e-mail address", () => {
    for (const text of [
      "javascript:alert(1)",
      "JaVaScRiPt:alert(document.cookie)",
      "javascript://%0aalert(1)",
      "data:text/html,<script>alert(1)</script>",
      "vbscript:msgbox(1)",
      "file:///etc/passwd",
      "mailto:a@example.com",
      "ftp://example.com",
      "example.com",
      "node.js and e.g. file.pdf",
      "ana@example.com",
      "me@www.example.com",
      "",
    ]) {
      expect(links(text), text).toEqual([]);
    }
  });

  it("links only the http part of a hostile string, never what comes before it", () => {
    expect(links("javascript:alert('https://evil.example')")).toEqual([
      ["https://evil.example", "https://evil.example/"],
    ]);
    expect(links("javascript:www.example.com")).toEqual([
      ["www.example.com", "https://www.example.com/"],
    ]);
    // A www inside a path, or glued to a word, is no start of an address.
    expect(links("javascript://www.example.com")).toEqual([]);
    expect(links("xhttps://example.com awww.example.com")).toEqual([]);
    // Markup is text: it ends an address and is never part of a link's target.
    expect(linkify('<a href="javascript:x">https://ok.example</a>')).toEqual([
      { text: '<a href="javascript:x">' },
      { text: "https://ok.example", href: "https://ok.example/" },
      { text: "</a>" },
    ]);
    expect(links('https://x.example/"onmouseover="alert(1)')).toEqual([
      ["https://x.example/", "https://x.example/"],
    ]);
  });

  it("leaves out the punctuation around an address", () => {
    const cases: [string, string][] = [
      ["Go to https://example.com.", "https://example.com"],
      ["https://example.com/a, then", "https://example.com/a"],
      ["(see https://example.com/a)", "https://example.com/a"],
      ["[link](https://example.com/a)", "https://example.com/a"],
      ["<https://example.com/a>", "https://example.com/a"],
      ['"https://example.com/a"', "https://example.com/a"],
      ["'www.example.com'!", "www.example.com"],
      ["`https://example.com/a`", "https://example.com/a"],
      ["«https://example.com/a»", "https://example.com/a"],
      ["“https://example.com/a”", "https://example.com/a"],
      ["https://example.com/a…", "https://example.com/a"],
      ["見て https://example.com/a。", "https://example.com/a"],
      ["is it https://example.com/a?!", "https://example.com/a"],
      ["https://example.com/a:", "https://example.com/a"],
    ];
    for (const [text, link] of cases)
      expect(
        links(text).map(([t]) => t),
        text,
      ).toEqual([link]);
  });

  it("keeps balanced brackets, queries and fragments that belong to the address", () => {
    expect(links("https://en.wikipedia.org/wiki/Bracket_(disambiguation)")).toEqual([
      [
        "https://en.wikipedia.org/wiki/Bracket_(disambiguation)",
        "https://en.wikipedia.org/wiki/Bracket_(disambiguation)",
      ],
    ]);
    expect(links("(https://en.wikipedia.org/wiki/A_(b))")).toEqual([
      ["https://en.wikipedia.org/wiki/A_(b)", "https://en.wikipedia.org/wiki/A_(b)"],
    ]);
    expect(links("https://example.com/?q=a+b&lang=en")).toEqual([
      ["https://example.com/?q=a+b&lang=en", "https://example.com/?q=a+b&lang=en"],
    ]);
    expect(links("https://example.com/search?q=")).toEqual([
      ["https://example.com/search?q=", "https://example.com/search?q="],
    ]);
    expect(links("https://example.com/#/route/1")).toEqual([
      ["https://example.com/#/route/1", "https://example.com/#/route/1"],
    ]);
    expect(links("https://a.example/?u=https://b.example")).toHaveLength(1);
  });

  it("ends an address at white space and at invisible characters", () => {
    expect(links("https://example.com\u202Eevil\u202C")).toEqual([
      ["https://example.com", "https://example.com/"],
    ]);
    expect(links("https://example.com\u200Bx")).toEqual([
      ["https://example.com", "https://example.com/"],
    ]);
    expect(links("https://a.example\nhttps://b.example\thttps://c.example\u00A0x")).toEqual([
      ["https://a.example", "https://a.example/"],
      ["https://b.example", "https://b.example/"],
      ["https://c.example", "https://c.example/"],
    ]);
  });

  it("links international addresses by their encoded form", () => {
    expect(links("https://bücher.example/straße")).toEqual([
      ["https://bücher.example/straße", "https://xn--bcher-kva.example/stra%C3%9Fe"],
    ]);
  });

  it("skips what only looks like the start of an address", () => {
    for (const text of [
      "https://",
      "https://.",
      "https://?",
      "https:// example.com",
      "http:/example.com",
      "www.",
      "www.example",
      "www..com",
      "https://a..b",
      "https://#x",
    ]) {
      expect(links(text), text).toEqual([]);
    }
  });

  it("gives back the text exactly, piece by piece, for any input", () => {
    const texts = [
      "plain",
      "a https://x.example b www.y.example. c",
      "😀 https://x.example/😀 😀",
      "lone x\uD800y https://x.example",
      "https://x.example".repeat(3),
      "(((https://x.example)))",
      "https://x.example/" + "a".repeat(4000),
    ];
    for (const text of texts) {
      expect(
        linkify(text)
          .map((p) => p.text)
          .join(""),
      ).toBe(text);
    }
  });

  it("stays linear on long hostile input", () => {
    const text = "https://x.example/".repeat(500) + ")".repeat(2000) + "www.".repeat(500);
    const start = performance.now();
    linkify(text);
    expect(performance.now() - start).toBeLessThan(500);
  });
});

describe("linkify, cost", () => {
  it("stays fast on 4,000 characters of rejected prefixes and brackets", () => {
    const text = "www.a[".repeat(400) + ")".repeat(1600);
    const start = performance.now();
    expect(links(text)).toEqual([]);
    expect(performance.now() - start).toBeLessThan(500);
  });
});
