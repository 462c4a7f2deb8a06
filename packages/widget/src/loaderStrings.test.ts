// The loader's own words: every language the widget speaks has each of them, with the same
// placeholders; the choice of language follows the visitor's list, English last.
import { describe, expect, it } from "vitest";
import { LOADER_WORDS, loaderLocale, say } from "./loaderStrings.ts";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe("LOADER_WORDS", () => {
  it("has the widget's five languages, each with every word English has", () => {
    expect(Object.keys(LOADER_WORDS).sort()).toEqual(["ar", "de", "en", "es", "fr"]);
    const en = LOADER_WORDS.en!;
    for (const [lang, words] of Object.entries(LOADER_WORDS)) {
      for (const key of Object.keys(en) as (keyof typeof en)[]) {
        expect(words[key], `${lang}.${key}`).toBeTruthy();
        expect(placeholders(words[key]), `${lang}.${key}`).toEqual(placeholders(en[key]));
      }
    }
  });
});

describe("loaderLocale", () => {
  it("takes the first language it speaks, by language subtag, else English", () => {
    expect(loaderLocale([undefined, "ja", "de-AT", "fr"])).toBe("de");
    expect(loaderLocale(["ar-EG"])).toBe("ar");
    expect(loaderLocale(["pt-BR"])).toBe("en");
    expect(say(LOADER_WORDS.de!.open, { team: "Acme" })).toBe("Chat mit Acme öffnen");
  });
});
