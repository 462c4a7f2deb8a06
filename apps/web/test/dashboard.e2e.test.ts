// The agent dashboard in Debian's Chromium against a real server: the live room list that
// changes only the row that changed, the agent's workflow (assign, answer, typing, read
// ticks, close; the customer's next message opens a new room) and browser notifications
// for a hidden tab. The tests build on each other (see session.ts).
import { createChatClient } from "@switchboard/client";
import { describe, expect, it } from "vitest";
import { screenshot } from "./browser.ts";
import { samplePhoto } from "./png.ts";
import { collect, notifications, sdkCustomer, setHidden, watchList } from "./dashboard.ts";
import { T, setupSession } from "./session.ts";

const s = setupSession("dashboard");
const list = () => s.agent.inbox.locator("ul.sb-rooms__list");
// The visitor's token carries a name: the agent's inbox, header, typing line and
// notifications show it instead of the id.
const NAME = "Dana Whitfield";

describe("the room list updates live, row by row", () => {
  it("shows new rooms as they open, newest activity first", async () => {
    await s.agent.inbox.getByText("No open conversations").waitFor({ timeout: T });
    for (const name of ["Ada Lovelace", "Bob Kahn", "Cy Young", "Dee Snider"]) {
      const c = await sdkCustomer(s.server, `${name.split(" ")[0]}-${s.run}`, name);
      s.sdkClients.push(c);
      c.say(`Hello from ${name}`);
      // The row shows the customer's name and the message itself, without opening the room.
      const row = s.rowOf(c.roomId);
      await row.getByText(`Hello from ${name}`).waitFor({ timeout: T });
      await row.getByText(name, { exact: true }).waitFor({ timeout: T });
      await row.getByLabel("1 unread").waitFor({ timeout: T });
    }
    const order = await list()
      .locator("[data-room-id]")
      .evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.roomId));
    expect(order).toEqual(s.sdkClients.map((c) => c.roomId).reverse());
  });

  it("a message in the top room changes that row's subtree only", async () => {
    const top = s.sdkClients.at(-1)!;
    await watchList(list());
    top.say("Still there?");
    await s.rowOf(top.roomId).getByText("Still there?").waitFor({ timeout: T });
    await s.rowOf(top.roomId).getByLabel("2 unread").waitFor({ timeout: T });
    await s.agentPage.waitForTimeout(300); // anything else would have happened by now
    const probe = await collect(s.agentPage);
    expect(probe.changed).toEqual([top.roomId]);
    expect(probe).toMatchObject({ moved: [], replaced: [] });
  });

  it("a message in a lower room moves that row up, re-rendering no other row", async () => {
    const low = s.sdkClients[1]!;
    await watchList(list());
    low.say("Any news?");
    await s.rowOf(low.roomId).getByText("Any news?").waitFor({ timeout: T });
    await s.rowOf(low.roomId).getByLabel("2 unread").waitFor({ timeout: T });
    await s.agentPage.waitForTimeout(300);
    const probe = await collect(s.agentPage);
    // Only the row that changed has new content. React reorders by moving existing row
    // elements: none was replaced, so no other row re-rendered or lost its state.
    expect(probe.changed).toEqual([low.roomId]);
    expect(probe.replaced).toEqual([]);
    expect(probe.order[0]).toBe(low.roomId);
    expect(probe.order).toHaveLength(s.sdkClients.length);
  });
});

/** The visitor's open room, once the workflow below has closed the first one. */
let roomId: string;

describe("the agent's workflow", () => {
  it("a visitor's new chat appears live; the agent assigns it to themself", async () => {
    await s.customerPage.goto(
      `${s.server.url}/demo/?token=${await s.server.token(s.VISITOR, "customer", "1h", NAME)}`,
    );
    await s.customer.open();
    await s.customer.send("Hi! I was charged twice for order #2291.");
    await s.agent.room(NAME).waitFor({ timeout: T });
    const [room] = await s.roomsOf(s.VISITOR);
    roomId = String(room!._id);
    await s.agent.room(NAME).click();
    await s.agent.view.getByText("Unassigned · replying assigns it to you").waitFor({ timeout: T });
    await s.agent.view.getByRole("button", { name: "Assign to me" }).click();
    await s.agent.view.getByText("Assigned to you").waitFor({ timeout: T });
    await s.rowOf(roomId).getByText("You", { exact: true }).waitFor({ timeout: T });
    await expect.poll(async () => (await s.roomsOf(s.VISITOR))[0]?.adminId).toBe(s.AGENT);
  });

  it("the agent sees the customer typing", async () => {
    const typing = s.agent.view.getByText(`${NAME} is typing…`);
    await s.customer.input.fill("Also, my");
    await typing.waitFor({ timeout: T });
    await s.customer.input.fill("");
    await typing.waitFor({ state: "hidden", timeout: T });
  });

  it("the agent answers and sees it read once the customer has seen it", async () => {
    const reply = "Sorry about that! I've refunded the duplicate charge.";
    await s.agent.send(reply);
    await s.customer.messages.getByText(reply, { exact: true }).waitFor({ timeout: T });
    const mine = s.agent.messages.getByRole("listitem").filter({ hasText: reply });
    await mine.getByText("Seen", { exact: true }).waitFor({ timeout: T });
    await s.rowOf(roomId).getByText(`You: ${reply}`).waitFor({ timeout: T });
    await screenshot(s.agentPage, "dashboard-inbox");
  });

  it("the agent writes a private note: set apart, for the team only, never on the customer's screen", async () => {
    const note = "Refund ticket R-2291 opened; check the bank again on Monday.";
    await s.agent.view.getByRole("button", { name: "Note", exact: true }).click();
    await s.agent.view.getByText("Only agents see this").waitFor({ timeout: T });
    await s.agent.input.fill(note);
    await s.agent.input.press("Enter");
    const row = s.agent.messages.getByRole("listitem").filter({ hasText: note });
    await row.getByText("Note · only agents see this").waitFor({ timeout: T });
    await expect
      .poll(async () => (await s.db.collection("chat_messages").findOne({ content: note }))?.kind)
      .toBe("note");
    await screenshot(s.agentPage, "dashboard-note");
    // A file dropped in note mode would go to the customer (files are messages): refused.
    const zone = s.agentPage.locator(".sb-roomview__body");
    await zone.evaluate((el, data) => {
      const files = new DataTransfer();
      const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
      files.items.add(new File([bytes], "internal.png", { type: "image/png" }));
      for (const type of ["dragenter", "drop"])
        el.dispatchEvent(
          new DragEvent(type, { dataTransfer: files, bubbles: true, cancelable: true }),
        );
    }, samplePhoto(40, 30).toString("base64"));
    // Back to replies: the next message reaches the customer, whose widget is open; the note
    // written before it never does.
    await s.agent.view.getByRole("button", { name: "Reply", exact: true }).click();
    const after = "It should show on your statement within 3 days.";
    await s.agent.send(after);
    await s.customer.messages.getByText(after, { exact: true }).waitFor({ timeout: T });
    expect(await s.customer.frame.getByText(note).count()).toBe(0);
    expect(await s.customer.frame.getByRole("button", { name: /internal\.png/ }).count()).toBe(0);
    expect(await s.db.collection("chat_uploads").countDocuments({ name: "internal.png" })).toBe(0);
  });

  it("the agent closes the chat after confirming; the customer sees it ended", async () => {
    await s.agent.view.getByRole("button", { name: "Close chat" }).click();
    const dialog = s.agentPage.getByRole("dialog", { name: "Close this conversation?" });
    await screenshot(s.agentPage, "dashboard-close-dialog");
    await dialog.getByRole("button", { name: "Close conversation" }).click();
    await s.agent.view.getByText("This conversation is closed.").waitFor({ timeout: T });
    await s.rowOf(roomId).waitFor({ state: "detached", timeout: T }); // left the Open list
    await s.customer.frame.getByText("This conversation has ended").waitFor({ timeout: T });
    expect(await s.customer.input.getAttribute("placeholder")).toBe("Start a new conversation…");
    await screenshot(s.customerPage, "widget-ended");
  });

  it("the customer's next message opens a new room, which appears in the agent's list", async () => {
    const text = "One more thing: can I get the invoice as PDF?";
    await s.customer.send(text);
    await expect
      .poll(async () => (await s.roomsOf(s.VISITOR)).map((r) => r.status))
      .toEqual(["closed", "open"]);
    const next = String((await s.roomsOf(s.VISITOR))[1]!._id);
    await s.rowOf(next).waitFor({ timeout: T });
    await s.customer.messages.getByText(text, { exact: true }).waitFor({ timeout: T });
    expect(await s.customer.frame.getByText("This conversation has ended").count()).toBe(0);
    const stored = await s.db.collection("chat_messages").find({ content: text }).toArray();
    expect(stored.map((m) => String(m.roomId))).toEqual([next]);
    roomId = next;
  });

  it("the closed room is listed under Closed", async () => {
    await s.agent.inbox.getByRole("button", { name: "Closed", exact: true }).click();
    await s.agent.room(NAME).waitFor({ timeout: T });
    await s.agent.inbox.getByRole("button", { name: "Open", exact: true }).click();
    await s.agent.room(NAME).click();
    await s.agent.view.getByText("Unassigned · replying assigns it to you").waitFor({ timeout: T });
  });

  it("the customer panel lists the earlier conversation, which opens from there", async () => {
    const [closed] = await s.roomsOf(s.VISITOR);
    const said = await s.db
      .collection("chat_messages")
      .find({ roomId: closed!._id, senderRole: "customer" })
      .sort({ createdAt: -1 })
      .limit(1)
      .next();
    const panel = s.agentPage.getByRole("complementary", { name: "Customer details" });
    const history = panel.getByRole("region", { name: "Previous conversations" });
    const item = history.getByRole("button");
    await expect.poll(() => item.count(), { timeout: T }).toBe(1);
    await screenshot(s.agentPage, "dashboard-previous-conversations");
    await item.focus();
    await s.agentPage.keyboard.press("Enter");
    // The closed conversation, read only, with what the customer said in it.
    await s.agent.view.getByText("Closed", { exact: true }).waitFor({ timeout: T });
    await s.agent.messages
      .getByText(String(said!.content), { exact: true })
      .waitFor({ timeout: T });
    // And back to the open one.
    await s.rowOf(roomId).click();
    await s.agent.view.getByText("Unassigned · replying assigns it to you").waitFor({ timeout: T });
  });
});

/** The top bar's Alerts menu, opened; and one of its switches. */
async function alertsMenu() {
  const button = s.agentPage.getByRole("button", { name: "Alerts" });
  if ((await button.getAttribute("aria-expanded")) !== "true") await button.click();
  const panel = s.agentPage.getByRole("group", { name: "Alerts" });
  await panel.waitFor({ timeout: T });
  return {
    button,
    panel,
    toggle: (name: "Sound" | "Desktop notifications") => panel.getByRole("switch", { name }),
  };
}

/** Counts the oscillators the page starts: the chime is two of them. */
const countTones = () =>
  s.agentPage.evaluate(() => {
    const w = window as unknown as { __tones?: number };
    if (w.__tones === undefined) {
      w.__tones = 0;
      const start = OscillatorNode.prototype.start;
      OscillatorNode.prototype.start = function (...args) {
        w.__tones! += 1;
        return start.apply(this, args);
      };
    }
  });
const tones = () => s.agentPage.evaluate(() => (window as { __tones?: number }).__tones ?? 0);

describe("alerts: browser notifications, a sound and the title's count", () => {
  it("the Alerts menu turns notifications on (the browser asks first); none while the page is in front", async () => {
    const menu = await alertsMenu();
    const desktop = menu.toggle("Desktop notifications");
    // Not allowed by the browser yet: off, and it says what turning it on does.
    expect(await desktop.getAttribute("aria-checked")).toBe("false");
    await menu.panel.getByText("Turn on, then allow them when the browser asks.").waitFor();
    // The browser's prompt, answered "Allow" (Playwright grants it for the page's request).
    await s.agentContext.grantPermissions(["notifications"], { origin: s.server.url });
    await desktop.click();
    await expect.poll(() => desktop.getAttribute("aria-checked")).toBe("true");
    await screenshot(s.agentPage, "dashboard-alerts");
    // Escape closes the menu and gives the focus back to its button.
    await s.agentPage.keyboard.press("Escape");
    await menu.panel.waitFor({ state: "detached", timeout: T });
    expect(await menu.button.evaluate((b) => b === document.activeElement)).toBe(true);

    await s.customer.send("Visible tab: no notification for this one.");
    await s.agent.messages.getByText("Visible tab: no notification for this one.").waitFor();
    expect(await notifications(s.agentPage)).toEqual([]);
  });

  it("notifies with the message text while the tab is hidden, open room or not", async () => {
    await setHidden(s.agentPage, true);
    await s.customer.send("Hello? Anyone there?");
    const other = await sdkCustomer(s.server, `eve-${s.run}`);
    s.sdkClients.push(other);
    // A room shows in the inbox from its first message on (not when the widget opens).
    other.say("I can't log in to my account.");
    await s.rowOf(other.roomId).waitFor({ timeout: T });
    const shown = async () =>
      ((await notifications(s.agentPage)) as { title: string; body: string }[])
        .map(({ title, body }) => `${title}: ${body}`)
        .sort();
    await expect
      .poll(shown, { timeout: T })
      .toEqual(
        [
          `New message from ${NAME}: Hello? Anyone there?`,
          `New message from eve-${s.run}: I can't log in to my account.`,
        ].sort(),
      );
    await setHidden(s.agentPage, false);
  });

  it("none for a teammate's chat, while the agent's own and waiting ones still notify", async () => {
    const taken = await sdkCustomer(s.server, `tm-${s.run}`);
    s.sdkClients.push(taken);
    taken.say("Hello, anyone?");
    await s.rowOf(taken.roomId).waitFor({ timeout: T });
    const sub = `alan-${s.run}`;
    const alan = createChatClient({
      url: s.server.url,
      getToken: () => s.server.token(sub, "admin", "1h", "Alan Turing"),
      socketOptions: { transports: ["websocket"] },
    });
    s.sdkClients.push({
      client: alan,
      roomId: taken.roomId,
      say: (t) => alan.send(taken.roomId, t),
    });
    alan.connect();
    await alan.join(taken.roomId);
    await alan.assign(taken.roomId);
    await expect
      .poll(() => s.rowOf(taken.roomId).getByText("Unassigned").count(), { timeout: T })
      .toBe(0);

    await setHidden(s.agentPage, true);
    taken.say("Alan, are you there?");
    await s.rowOf(taken.roomId).getByText("Alan, are you there?").waitFor({ timeout: T });
    const waiting = await sdkCustomer(s.server, `wt-${s.run}`);
    s.sdkClients.push(waiting);
    waiting.say("Nobody has this one yet.");
    const bodies = async () =>
      ((await notifications(s.agentPage)) as { body: string }[]).map((n) => n.body);
    await expect.poll(bodies, { timeout: T }).toContain("Nobody has this one yet.");
    expect(await bodies()).not.toContain("Alan, are you there?");
    await setHidden(s.agentPage, false);
  });

  it("turned off in the menu, none comes even while the tab is hidden", async () => {
    const before = ((await notifications(s.agentPage)) as unknown[]).length;
    const desktop = (await alertsMenu()).toggle("Desktop notifications");
    await desktop.click();
    await expect.poll(() => desktop.getAttribute("aria-checked")).toBe("false");
    await s.agentPage.keyboard.press("Escape");

    await setHidden(s.agentPage, true);
    const text = "Notifications are off: this one stays quiet.";
    await s.customer.send(text);
    await s.agent.messages.getByText(text).waitFor({ timeout: T });
    // The message reached the page (drawn in the open room); no notification went with it.
    await s.rowOf(roomId).getByText(text).waitFor({ timeout: T });
    expect(((await notifications(s.agentPage)) as unknown[]).length).toBe(before);
    await setHidden(s.agentPage, false);
  });

  it("a chime and the title's count for new messages in the agent's own chats; Sound off mutes it", async () => {
    // Replying takes the chat: it is the agent's own from now on.
    await s.agent.send("I'm here, let me look into it.");
    await s.agent.view
      .getByText(/Assigned to you|You took the chat|took the chat/)
      .first()
      .waitFor({
        timeout: T,
      });
    await countTones();
    const base = (await s.agentPage.title()).replace(/^\(\d+\+?\) /, "");

    await setHidden(s.agentPage, true);
    await s.customer.send("Thanks! Any news?");
    await expect.poll(() => s.agentPage.title(), { timeout: T }).toBe(`(1) ${base}`);
    await expect.poll(tones, { timeout: T }).toBe(2);
    // Back in front with the chat open, the agent reads it: the count goes.
    await setHidden(s.agentPage, false);
    await expect.poll(() => s.agentPage.title(), { timeout: T }).toBe(base);

    const sound = (await alertsMenu()).toggle("Sound");
    await sound.click();
    await expect.poll(() => sound.getAttribute("aria-checked")).toBe("false");
    await s.agentPage.keyboard.press("Escape");
    await setHidden(s.agentPage, true);
    await s.customer.send("Hello again?");
    await expect.poll(() => s.agentPage.title(), { timeout: T }).toBe(`(1) ${base}`);
    expect(await tones()).toBe(2); // muted: no new chime
    await setHidden(s.agentPage, false);
    await expect.poll(() => s.agentPage.title(), { timeout: T }).toBe(base);
  });
});

it("no page raised a dialog or an uncaught error", () => {
  expect(s.problems).toEqual({ dialogs: [], errors: [] });
});
