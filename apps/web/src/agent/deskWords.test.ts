import { describe, expect, it } from "vitest";
import { csatText } from "./MetricsView.tsx";
import { resultCount } from "./RoomList.tsx";
import { unassignedHint } from "./RoomView.tsx";

// The dashboard's words for the search count, the CSAT cards and an unassigned room.
describe("dashboard words", () => {
  it("counts search results, with a plus while there are more", () => {
    expect(resultCount(0, false)).toBe("No results");
    expect(resultCount(1, false)).toBe("1 result");
    expect(resultCount(3, false)).toBe("3 results");
    expect(resultCount(50, true)).toBe("50+ results");
    expect(resultCount(1, true)).toBe("1+ results");
  });

  it("words CSAT figures: average of 5 and how many ratings, or none yet", () => {
    expect(csatText({ average: 4.25, count: 12 })).toEqual({
      value: "4.25 / 5",
      hint: "From 12 ratings",
    });
    expect(csatText({ average: 5, count: 1 })).toEqual({ value: "5.0 / 5", hint: "From 1 rating" });
    expect(csatText({ average: null, count: 0 }).hint).toBe("No ratings yet");
    expect(csatText(undefined).value).toBe("—");
  });

  it("tells the truth about an unassigned room with and without AUTO_ASSIGN", () => {
    expect(unassignedHint(false)).toBe("Unassigned · replying assigns it to you");
    expect(unassignedHint(true)).toMatch(/next free agent.*you if you reply first/);
  });
});
