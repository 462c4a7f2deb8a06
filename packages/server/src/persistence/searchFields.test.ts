import { describe, expect, it } from "vitest";
import { SEARCH_KEY_MAX, searchFields } from "./messageRepository.ts";

describe("searchFields", () => {
  it("keeps a short text whole, lower-cased", () => {
    expect(searchFields("Where is my REFUND?")).toEqual({ searchText: "where is my refund?" });
  });

  it("keeps the start of a long text, at most 1,800 bytes of UTF-8, and marks it", () => {
    for (const unit of ["a", "漢", "😀"]) {
      const { searchText, searchLong } = searchFields(unit.repeat(4000));
      expect(searchLong).toBe(true);
      expect(searchText.length).toBeLessThanOrEqual(SEARCH_KEY_MAX);
      expect(Buffer.byteLength(searchText)).toBeLessThanOrEqual(1800);
      expect(searchText.isWellFormed()).toBe(true); // never half an emoji
    }
  });
});
