// Hostile text in Debian's Chromium against a real server: what the database stores is the
// normalised text, and the agent's page shows exactly that, as text, isolated for bidi.
import { describe, expect, it } from "vitest";
import { sdkCustomer } from "./dashboard.ts";
import { T, setupSession } from "./session.ts";

const s = setupSession("hostile");

const HOSTILE = [
  "<img src=x onerror=alert(1)> <script>alert(2)</script>",
  "order \u202Eevil\u202C #42",
  "zero\u200B\u200B\u200Dwidth",
  "e\u0301 composed",
  "lone x\uD800y surrogate",
  "😀".repeat(4000),
];
// What the server stores: NFC, and a lone surrogate replaced by U+FFFD.
const STORED = HOSTILE.map((t) => t.toWellFormed().normalize("NFC"));

describe("hostile strings", () => {
  let roomId = "";

  it("are stored normalised; 4,000 four-byte emoji pass, 4,001 are refused and not stored", async () => {
    const c = await sdkCustomer(s.server, `hostile-${s.run}`);
    s.sdkClients.push(c);
    roomId = c.roomId;
    for (const text of HOSTILE) c.say(text);
    const tooLong = c.say("😀".repeat(4001));
    const contents = async () =>
      (
        await s.db
          .collection("chat_messages")
          .find({ senderId: `hostile-${s.run}` })
          .sort({ createdAt: 1 })
          .toArray()
      ).map((m) => m.content as string);
    await expect.poll(contents, { timeout: T }).toEqual(STORED);
    const state = c.client.store.getState().messagesByRoom[roomId] ?? [];
    expect(state.find((m) => m.clientMessageId === tooLong.clientMessageId)?.localStatus).toBe(
      "failed",
    );
  });

  it("show on the agent's page exactly as stored, as text, each bubble its own bidi paragraph", async () => {
    await s.agent.room(`hostile-${s.run}`).click();
    const bubbles = s.agent.messages.locator(".sb-bubble");
    await expect.poll(() => bubbles.allTextContents(), { timeout: T }).toEqual(STORED);
    expect(await s.agent.messages.locator("img, script").count()).toBe(0);
    const bidi = await bubbles.first().evaluate((el) => getComputedStyle(el).unicodeBidi);
    expect(bidi).toBe("plaintext");
    expect(s.problems.dialogs).toEqual([]);
  });
});
