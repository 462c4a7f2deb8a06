// A 10,000-message room on the agent page: the message list is virtualised, so the DOM
// holds a window of rows however long the conversation, and scrolling to the top keeps
// loading older pages. The messages go straight into the database (the shape the server
// stores); the room itself is opened through the SDK.
import { Types } from "mongoose";
import { describe, expect, it } from "vitest";
import { screenshot } from "./browser.ts";
import { sdkCustomer } from "./dashboard.ts";
import { T, setupSession } from "./session.ts";

const s = setupSession("virtual");
const TOTAL = 10_000;
const BATCH = 1_000;

let roomId: string;
let customerId: string;

const rowsInDom = () => s.agent.messages.locator(".sb-bubble").count();
const label = (i: number) => `message #${i.toLocaleString("en-US")}`;

describe("a room with 10,000 messages", () => {
  it("is seeded in the database", async () => {
    customerId = `bulk-${s.run}`;
    const c = await sdkCustomer(s.server, customerId);
    s.sdkClients.push(c);
    roomId = c.roomId;
    const start = Date.now() - (TOTAL + 10) * 1_000;
    const people = [customerId, s.AGENT] as const;
    let last: { _id: Types.ObjectId; createdAt: Date } | undefined;
    for (let b = 0; b < TOTAL; b += BATCH) {
      const docs = Array.from({ length: BATCH }, (_, j) => {
        const i = b + j + 1; // #1 is the oldest, #10,000 the newest
        return {
          _id: new Types.ObjectId(),
          roomId: new Types.ObjectId(roomId),
          senderId: people[i % 2]!,
          senderRole: i % 2 === 0 ? "customer" : "admin",
          clientMessageId: `bulk-${s.run}-${i}`,
          content: label(i),
          attachments: [],
          // An old conversation, read long ago: this file is about the DOM window, not
          // receipts. (5,000 unread messages would make the agent's first `message-read`
          // update 5,000 documents, which FerretDB/SQLite does one row at a time, for many
          // seconds, while the older pages this test waits for queue behind it.)
          status: "read",
          createdAt: new Date(start + i * 1_000),
          deliveredAt: new Date(start + i * 1_000 + 500),
          readAt: new Date(start + i * 1_000 + 900),
          seq: i, // its place in the room, as the server writes it
        };
      });
      await s.db.collection("chat_messages").insertMany(docs);
      last = docs.at(-1)!;
    }
    // The room counts them as the server would have (else start-up would finish them).
    await s.db
      .collection("chat_rooms")
      .updateOne(
        { _id: new Types.ObjectId(roomId) },
        { $set: { seq: TOTAL, lastMessageId: last!._id, lastMessageAt: last!.createdAt } },
      );
    expect(
      await s.db.collection("chat_messages").countDocuments({ roomId: new Types.ObjectId(roomId) }),
    ).toBe(TOTAL);
  });

  it("opens at the newest message with only a window of rows in the DOM", async () => {
    // The room was empty when the page loaded, and the inbox lists only rooms with a
    // message; the seeded messages went straight into the database, so no room event told
    // the page. A reload reads the inbox again.
    await s.agentPage.reload();
    await s.rowOf(roomId).click();
    await s.agent.messages.getByText(label(TOTAL), { exact: true }).waitFor({ timeout: T });
    await expect.poll(rowsInDom).toBeGreaterThan(5);
    expect(await rowsInDom()).toBeLessThan(100);
    await screenshot(s.agentPage, "virtual-room");
  });

  it("scrolling to the top keeps loading older pages, the DOM stays small", async () => {
    const scroller = s.agent.messages;
    // The oldest message number the DOM holds. Not "is #9,900 in the DOM": when pages come
    // fast, the wheel carries the window past a message before a poll sees it (a flaky
    // check this used to be), and only a window of rows is ever in the DOM.
    const oldestInDom = () =>
      scroller
        .locator(".sb-bubble")
        .evaluateAll((els) =>
          Math.min(
            ...els.map((e) =>
              Number(/#([\d,]+)/.exec(e.textContent ?? "")?.[1]?.replace(/,/g, "") ?? Infinity),
            ),
          ),
        );
    for (const n of [9_900, 9_800, 9_700]) {
      await expect
        .poll(
          async () => {
            // The reader scrolls up with the wheel, as far as it goes.
            await scroller.hover();
            await s.agentPage.mouse.wheel(0, -50_000);
            return oldestInDom();
          },
          // Each older page is a query that FerretDB/SQLite answers by scanning all 10,000
          // messages (seconds when the suite shares the 2 cores): wait for it generously.
          { timeout: 4 * T, interval: 200 },
        )
        .toBeLessThanOrEqual(n);
      const rows = await rowsInDom();
      console.log(`older pages down to ${label(await oldestInDom())}: ${rows} bubbles in the DOM`);
      expect(rows).toBeLessThan(100);
    }
    expect(s.problems).toEqual({ dialogs: [], errors: [] });
  }, 150_000);
});
