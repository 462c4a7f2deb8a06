// Helpers of the dashboard e2e test: customers driven through the SDK from Node, a
// recorder of browser notifications, and a probe of which inbox rows the DOM changed in.
import { createChatClient } from "@switchboard/client";
import type { TestServer } from "@switchboard/server/testing";
import { Types, type Connection } from "mongoose";
import type { Locator, Page } from "playwright-core";

/**
 * A customer chatting through the SDK (no browser): for rooms that only need to exist.
 * `name` goes into the token, and so becomes the room's `customerName`.
 */
export async function sdkCustomer(server: TestServer, sub: string, name?: string) {
  const client = createChatClient({
    url: server.url,
    getToken: () => server.token(sub, "customer", "1h", name),
    socketOptions: { transports: ["websocket"] },
  });
  client.connect();
  const room = await client.join();
  return { client, roomId: room.id, say: (text: string) => client.send(room.id, text) };
}

/**
 * Wraps `window.Notification` (calling through to the real one) so that the test can see
 * what the page showed. An init script: it runs before the page's own code.
 */
export function recordNotifications() {
  const Real = window.Notification;
  const calls: { title: string; body?: string; tag?: string }[] = [];
  (window as unknown as { __notifications: typeof calls }).__notifications = calls;
  class Recorded extends Real {
    constructor(title: string, options?: NotificationOptions) {
      calls.push({ title, body: options?.body, tag: options?.tag });
      super(title, options);
    }
  }
  Object.defineProperty(Recorded, "permission", { get: () => Real.permission });
  Object.defineProperty(Recorded, "requestPermission", {
    value: (...args: []) => Real.requestPermission(...args),
  });
  window.Notification = Recorded;
}

export const notifications = (page: Page) =>
  page.evaluate(() => (window as unknown as { __notifications: unknown[] }).__notifications);

/** Makes the page believe its tab is in the background (or in front again). */
export function setHidden(page: Page, hidden: boolean) {
  return page.evaluate((hide) => {
    const state = hide ? "hidden" : "visible";
    Object.defineProperty(document, "visibilityState", { value: state, configurable: true });
    Object.defineProperty(document, "hidden", { value: hide, configurable: true });
    document.dispatchEvent(new Event("visibilitychange"));
  }, hidden);
}

/**
 * Starts recording DOM mutations in the inbox list and tags every row element, so that
 * `collect` can tell which rows' subtrees changed, which rows were moved (taken out and
 * put back: same element) and whether any row element was replaced by a new one.
 */
export function watchList(list: Locator) {
  return list.evaluate((ul) => {
    const rows = () => [...ul.querySelectorAll<HTMLElement>(":scope > [data-room-id]")];
    const marks = new Map(rows().map((el, i) => [el, String(i)]));
    const changed = new Set<string>();
    const moved = new Set<string>();
    const observer = new MutationObserver((records) => {
      for (const r of records) {
        if (r.target === ul) {
          for (const n of [...r.addedNodes, ...r.removedNodes]) {
            moved.add((n as HTMLElement).dataset?.roomId ?? "?");
          }
          continue;
        }
        const el = r.target instanceof Element ? r.target : r.target.parentElement;
        changed.add(el?.closest<HTMLElement>("[data-room-id]")?.dataset.roomId ?? "?");
      }
    });
    observer.observe(ul, { subtree: true, childList: true, attributes: true, characterData: true });
    (window as unknown as { __listProbe: unknown }).__listProbe = () => {
      observer.disconnect();
      const now = rows();
      return {
        changed: [...changed],
        moved: [...moved],
        replaced: now.filter((el) => !marks.has(el)).map((el) => el.dataset.roomId),
        order: now.map((el) => el.dataset.roomId),
      };
    };
  });
}

export interface ListProbe {
  changed: string[];
  moved: string[];
  replaced: string[];
  order: string[];
}

export const collect = (page: Page) =>
  page.evaluate(() => (window as unknown as { __listProbe: () => ListProbe }).__listProbe());

/** `count` old messages in a room, a minute apart, alternating customer and agent. */
export async function seedHistory(
  db: Connection,
  roomId: string,
  people: [string, string],
  count: number,
) {
  const start = Date.now() - (count + 5) * 60_000;
  const docs = Array.from({ length: count }, (_, i) => ({
    roomId: new Types.ObjectId(roomId),
    senderId: people[i % 2]!,
    senderRole: i % 2 === 0 ? "customer" : "admin",
    clientMessageId: `seed-${roomId}-${i}`,
    seq: i + 1, // its place in the room, as the server writes it
    content: `history ${i}`,
    attachments: [],
    status: "read",
    createdAt: new Date(start + i * 60_000),
    deliveredAt: null,
    readAt: null,
  }));
  const { insertedIds } = await db.collection("chat_messages").insertMany(docs);
  // The room's own fields, as the server would have left them: the inbox lists only rooms
  // with a message, and sorts by the last one.
  await db.collection("chat_rooms").updateOne(
    { _id: new Types.ObjectId(roomId) },
    {
      $set: {
        seq: count,
        lastMessageId: insertedIds[count - 1],
        lastMessageAt: docs[count - 1]!.createdAt,
      },
    },
  );
}

/**
 * Where the bubble with `text` sits, in pixels below the scroller's top edge; with
 * `toTop`, after scrolling to the top (measured at once: the load that the scroll starts
 * is asynchronous and lands later).
 */
export function offsetOf(scroller: Locator, text: string, toTop = false) {
  return scroller.evaluate(
    (el, arg) => {
      if (arg.toTop) el.scrollTop = 0;
      const bubble = [...el.querySelectorAll(".sb-bubble")].find((b) => b.textContent === arg.text);
      if (!bubble) throw new Error(`no bubble "${arg.text}"`);
      return bubble.getBoundingClientRect().top - el.getBoundingClientRect().top;
    },
    { text, toTop },
  );
}

/**
 * A teammate signed in through the SDK (no browser): the server's agent directory knows
 * them by `name` from then on. `away` sets their availability before anything else.
 */
export async function sdkAgent(server: TestServer, sub: string, name: string) {
  const client = createChatClient({
    url: server.url,
    getToken: () => server.token(sub, "admin", "1h", name),
    socketOptions: { transports: ["websocket"] },
  });
  client.connect();
  await new Promise<void>((resolve) => {
    const off = client.store.subscribe((s) => {
      if (s.connectionStatus !== "online") return;
      off();
      resolve();
    });
  });
  return { client, id: sub, name };
}
