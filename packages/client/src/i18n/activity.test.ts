import type { MessageActivity } from "@switchboard/protocol";
import { describe, expect, it } from "vitest";
import { translator } from "./index.ts";
import { activityText } from "./activity.ts";

// Activity lines in the reader's language, one case per kind, from the activity record and
// its names (never the server's English `content`, unless a name is missing).
const CONTENT = "English sentence from the server";
const line = (activity: MessageActivity, senderId = activity.by) => ({
  content: CONTENT,
  senderId,
  activity,
});
const de = translator("de");
const en = translator("en");

describe("activityText", () => {
  const grace = { byName: "Grace Hopper" };
  it("assigned: taken, assigned to another, assigned automatically", () => {
    const took = line({
      type: "assigned",
      by: "g",
      adminId: "g",
      ...grace,
      adminName: "Grace Hopper",
    });
    expect(activityText(took, de, "customer")).toBe("Grace Hopper hat den Chat übernommen");
    expect(activityText(took, en, "admin")).toBe("Grace Hopper took the chat");
    const given = line({ type: "assigned", by: "g", adminId: "a", ...grace, adminName: "Alan" });
    expect(activityText(given, de, "customer")).toBe("Grace Hopper hat den Chat Alan zugewiesen");
    const auto = line({ type: "assigned", by: "system", adminId: "a", adminName: "Alan" });
    expect(activityText(auto, translator("fr"), "customer")).toBe(
      "Attribuée automatiquement à Alan",
    );
  });

  it("transferred: taken over, handed on, moved between two others", () => {
    const names = { ...grace, adminName: "Alan", fromAdminName: "Ada" };
    const over = line({
      type: "transferred",
      by: "a",
      adminId: "a",
      fromAdminId: "d",
      ...names,
      byName: "Alan",
    });
    expect(activityText(over, de, "customer")).toBe("Alan hat den Chat von Ada übernommen");
    const on = line({ type: "transferred", by: "g", adminId: "a", fromAdminId: "g", ...names });
    expect(activityText(on, translator("es"), "customer")).toBe(
      "Grace Hopper transfirió el chat a Alan",
    );
    const moved = line({ type: "transferred", by: "g", adminId: "a", fromAdminId: "d", ...names });
    expect(activityText(moved, de, "customer")).toBe(
      "Grace Hopper hat den Chat von Ada an Alan übergeben",
    );
  });

  it('closed: by an agent, by the customer ("you" to the customer)', () => {
    const byAgent = line({ type: "closed", by: "g", ...grace });
    expect(activityText(byAgent, de, "customer")).toBe("Grace Hopper hat den Chat beendet");
    const byCustomer = line({ type: "closed", by: "c" }, "system");
    expect(activityText(byCustomer, de, "customer")).toBe("Sie haben den Chat beendet");
    expect(activityText(byCustomer, en, "admin")).toBe("The customer closed the chat");
  });

  it("rated: the score, worded for whoever reads it", () => {
    const rated = line({ type: "rated", by: "c", score: 4, comment: "" }, "system");
    expect(activityText(rated, translator("ar"), "customer")).toBe("قيّمت المحادثة بـ 4 من 5");
    expect(activityText(rated, en, "admin")).toBe("The customer rated the chat 4 out of 5");
  });

  it("falls back to the server's sentence without the names, or without a record", () => {
    const old = line({ type: "assigned", by: "g", adminId: "g" });
    expect(activityText(old, de, "customer")).toBe(CONTENT);
    expect(activityText({ content: CONTENT, senderId: "g" }, de, "customer")).toBe(CONTENT);
  });
});
