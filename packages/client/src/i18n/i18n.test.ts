// The dictionaries: every language has every key English has (the web widget's and the React
// Native screen's alike; a missing one would fall back to English: this test is what keeps
// that from shipping), keeps the same placeholders, and the choice of language, the dates
// and the header's line behave.
import { describe, expect, it } from "vitest";
import { teamStatus } from "../customerSide.ts";
import { FAKE_WIDGET_CONFIG } from "../testing/index.ts";
import {
  awayUntil,
  DICTIONARIES,
  en,
  isRtl,
  LOCALES,
  matchLocale,
  resolveLocale,
  teamStatusLine,
  translator,
} from "./index.ts";

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe.each(LOCALES.filter((l) => l !== "en"))("%s", (locale) => {
  const dictionary = DICTIONARIES[locale] as Record<string, string | undefined>;

  it("has every key English has", () => {
    const missing = Object.keys(en).filter((key) => !dictionary[key]);
    expect(missing).toEqual([]);
  });

  it("keeps each message's placeholders (a plural may spell its {count} out)", () => {
    const plural = (key: string) => /\.(zero|one|two|few|many|other)$/.test(key);
    const names = (key: string, text: string) =>
      placeholders(text).filter((p) => !(plural(key) && p === "count"));
    const wrong = Object.entries(en).filter(([key, text]) => {
      const theirs = dictionary[key];
      return theirs !== undefined && names(key, theirs).join() !== names(key, text).join();
    });
    expect(wrong.map(([key]) => key)).toEqual([]);
  });
});

describe("translator", () => {
  it("fills placeholders and falls back to English for a key a language lacks", () => {
    const t = translator("de");
    expect(t("typing", { name: "Acme" })).toBe("Acme schreibt…");
    const saved = DICTIONARIES.de["chat.tryAgain"];
    delete (DICTIONARIES.de as Record<string, string | undefined>)["chat.tryAgain"];
    try {
      expect(translator("de")("chat.tryAgain")).toBe("Try again");
    } finally {
      (DICTIONARIES.de as Record<string, string | undefined>)["chat.tryAgain"] = saved;
    }
  });

  it("picks plural forms with Intl.PluralRules, Arabic's dual included", () => {
    expect(translator("en").plural("log.newMessages", 1)).toBe("1 new message");
    expect(translator("en").plural("log.newMessages", 3)).toBe("3 new messages");
    expect(translator("ar").plural("log.newMessages", 2)).toBe("رسالتان جديدتان");
    expect(translator("ar").plural("log.newMessages", 5)).toBe(
      `${new Intl.NumberFormat("ar").format(5)} رسائل جديدة`,
    );
  });

  it("knows which way each language runs", () => {
    expect(translator("ar").dir).toBe("rtl");
    expect(translator("de").dir).toBe("ltr");
    expect(isRtl("ar-EG")).toBe(true);
  });
});

describe("resolveLocale", () => {
  it("takes the host's setting, then the browser's languages, then the team's, then English", () => {
    expect(resolveLocale("fr", ["de-DE"], "es")).toBe("fr");
    expect(resolveLocale(undefined, ["ja", "de-DE", "en"], "es")).toBe("de");
    expect(resolveLocale("xx", ["ja"], "es")).toBe("es");
    expect(resolveLocale(undefined, [], null)).toBe("en");
    expect(matchLocale("pt-BR")).toBeNull();
  });
});

describe("awayUntil", () => {
  const now = new Date("2026-02-27T20:00:00Z"); // a Friday evening
  it("says today, tomorrow or the weekday, in the language and the zone", () => {
    const en = translator("en");
    expect(awayUntil(en, "2026-02-27T22:00:00Z", now, "UTC")).toBe("Away · Back today at 10:00 PM");
    expect(awayUntil(en, "2026-02-28T09:00:00Z", now, "UTC")).toBe(
      "Away · Back tomorrow at 9:00 AM",
    );
    expect(awayUntil(translator("de"), "2026-03-02T08:00:00Z", now, "Europe/Berlin")).toBe(
      "Abwesend · Zurück am Montag um 09:00",
    );
  });

  it("counts calendar days in the zone, also across a daylight-saving change", () => {
    const en = translator("en");
    // Sunday 25 October 2026 has 25 hours in Berlin: at 00:30 that morning, 24 hours later
    // is still Sunday, and Monday 09:00 is tomorrow all the same.
    const sunday = new Date("2026-10-24T22:30:00Z"); // 00:30 CEST
    expect(awayUntil(en, "2026-10-26T08:00:00Z", sunday, "Europe/Berlin")).toBe(
      "Away · Back tomorrow at 9:00 AM",
    );
    // Sunday 29 March 2026 has 23 hours: at 23:30 on Saturday, 24 hours later is already
    // Monday, and Monday 00:15 is not tomorrow.
    const saturday = new Date("2026-03-28T22:30:00Z"); // 23:30 CET
    expect(awayUntil(en, "2026-03-29T22:15:00Z", saturday, "Europe/Berlin")).toBe(
      "Away · Back Monday at 12:15 AM",
    );
    expect(awayUntil(en, "2026-03-29T07:00:00Z", saturday, "Europe/Berlin")).toBe(
      "Away · Back tomorrow at 9:00 AM",
    );
  });
});

describe("teamStatusLine", () => {
  const now = new Date("2026-02-27T20:00:00Z");
  const line = (locale: string, change: Partial<typeof FAKE_WIDGET_CONFIG> | null) =>
    teamStatusLine(
      translator(locale),
      teamStatus(change && { ...FAKE_WIDGET_CONFIG, ...change }),
      now,
      "UTC",
    );

  it("says online and how soon only while open, else away with when, in the language", () => {
    expect(line("en", { open: true, replyTime: "day" })).toBe("Online · Replies within a day");
    expect(line("de", { open: true })).toBe("Online · Antwort in wenigen Minuten");
    expect(line("en", { open: false, nextOpenAt: "2026-02-28T09:00:00Z" })).toBe(
      "Away · Back tomorrow at 9:00 AM",
    );
    expect(line("fr", { open: false, nextOpenAt: null })).toBe(
      "Absents · Nous répondrons par e-mail",
    );
    expect(line("ar", { open: false, nextOpenAt: null })).toBe(
      "غير متاحين · سنرد عبر البريد الإلكتروني",
    );
    expect(line("en", null)).toBe("Online");
  });
});
