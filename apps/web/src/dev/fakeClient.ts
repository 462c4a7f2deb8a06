/**
 * A canned, in-memory ChatClient for looking at the UI without a server (dev only: the
 * pages import it behind `import.meta.env.DEV`, so builds never contain it). It follows
 * the SDK's public interface, on the SDK's own store (so the UI sees the same merge rules).
 */
import {
  createChatStore,
  createTypingTracker,
  uploadThenSend,
  type ChatClient,
  type ChatMessage,
} from "@switchboard/client";
import {
  ChatError,
  type CannedResponse,
  type Message,
  type Role,
  type Room,
  type ServerToClientEvents,
} from "@switchboard/protocol";
import { fakeAgents, fakeCanned, fakeHistory, fakeRooms, oid } from "./fakeData.ts";

export function createFakeClient({ role, scenario }: { role: Role; scenario: string }) {
  const store = createChatStore();
  const handlers = new Map<string, Set<unknown>>();
  const emit = (event: string, payload: unknown) =>
    handlers.get(event)?.forEach((h) => (h as (p: unknown) => void)(payload));
  const me = role === "customer" ? "visitor-42" : "agent-ana";
  const rooms = fakeRooms(role, scenario);
  const older = new Map<string, Message[]>();
  const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const s = () => store.getState();
  const on = <E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E]) => {
    const set = handlers.get(event) ?? new Set();
    set.add(handler);
    handlers.set(event, set);
    return () => void set.delete(handler);
  };
  const canned = new Map<string, CannedResponse>(fakeCanned.map((c) => [c.id, c]));
  const identity = { userId: role === "customer" ? "visitor-42" : "agent-ana", role };

  const deliver = (m: ChatMessage) => {
    const stored: ChatMessage = { ...m, id: oid(), localStatus: "stored", status: "sent" };
    store.addMessage(stored);
    setTimeout(() => store.addMessage({ ...stored, status: "delivered" }), 900);
    if (role === "customer") setTimeout(() => agentReplies(m.roomId), 1500);
  };

  const agentReplies = (roomId: string) => {
    emit("typing", { roomId, userId: "agent-ana", role: "admin" });
    setTimeout(() => {
      const reply: Message = {
        ...(fakeHistory(roomId, "customer", 1, me)[0] as Message),
        id: oid(),
        clientMessageId: oid(),
        senderId: "agent-ana",
        senderRole: "admin",
        content: "Thanks! Let me check that for you — one moment.",
        createdAt: new Date().toISOString(),
      };
      emit("stop-typing", { roomId, userId: "agent-ana", role: "admin" });
      store.addMessage(reply);
      emit("new-message", reply);
    }, 2200);
  };

  const setRoom = (roomId: string, change: Partial<Room>) => {
    const room = s().rooms[roomId];
    if (!room) throw new Error("NOT_FOUND");
    const next = { ...room, ...change, updatedAt: new Date().toISOString() };
    store.upsertRoom(next);
    emit("room-updated", next);
    return next;
  };

  const client: ChatClient = {
    store,
    identity,
    typingTracker: createTypingTracker({ on, identity, store }),
    connect() {
      store.setConnectionStatus("connecting");
      const target = scenario === "reconnecting" ? "reconnecting" : "online";
      setTimeout(() => store.setConnectionStatus(target), 400);
    },
    disconnect() {
      store.setConnectionStatus("idle");
    },
    async join(roomId?: string) {
      await delay(300);
      const room = roomId ? rooms.find((r) => r.id === roomId) : rooms[0];
      if (!room) throw new Error("NOT_FOUND: fake rooms are new on every load");
      store.upsertRoom(room);
      store.setActiveRoom(room.id);
      if (!s().messagesByRoom[room.id]) {
        const count = scenario === "empty" ? 0 : scenario === "long" ? 90 : 14;
        const all = fakeHistory(room.id, role, count, me, scenario);
        older.set(room.id, all.slice(0, -30));
        store.setMessages(room.id, all.slice(-30), { hasMoreBefore: all.length > 30 });
        // setMessages takes stored messages; the "states" scenario's local ones go in one by one.
        all.filter((m) => m.localStatus !== "stored").forEach((m) => store.addMessage(m));
      }
      return room;
    },
    send(roomId: string, content: string, attachments = [] as ChatMessage["attachments"]) {
      const clientMessageId = oid();
      const m: ChatMessage = {
        id: `local:${clientMessageId}`,
        roomId,
        senderId: me,
        senderRole: role,
        clientMessageId,
        content,
        attachments,
        status: "sent",
        createdAt: new Date().toISOString(),
        deliveredAt: null,
        readAt: null,
        localStatus: "pending",
      };
      store.addMessage(m);
      const fails = /fail/i.test(content);
      setTimeout(() => {
        if (fails)
          store.addMessage({
            ...m,
            localStatus: "failed",
            error: { code: "RATE_LIMITED", message: "slow down" },
          });
        else deliver(m);
      }, 900);
      return m;
    },
    retry(clientMessageId: string) {
      const m = Object.values(s().messagesByRoom)
        .flat()
        .find((x) => x.clientMessageId === clientMessageId);
      if (!m) return;
      store.addMessage({
        ...m,
        localStatus: "pending",
        content: m.content.replace(/fail/gi, "retry"),
      });
      setTimeout(() => deliver(m), 700);
    },
    async loadOlder(roomId: string) {
      await delay(700);
      const rest = older.get(roomId) ?? [];
      const page = rest.slice(-25);
      older.set(roomId, rest.slice(0, -25));
      const held = s().messagesByRoom[roomId] ?? [];
      store.setMessages(roomId, [...page, ...held], { hasMoreBefore: rest.length > 25 });
      return page.length > 0;
    },
    async markRead(roomId: string) {
      const room = s().rooms[roomId];
      if (room) store.upsertRoom({ ...room, unreadCountAdmin: 0, unreadCountCustomer: 0 });
    },
    typing: () => {},
    stopTyping: () => {},
    async listRooms(query = {}) {
      await delay(300);
      const status = query.status ?? "open";
      const page = rooms.filter((r) => r.status === status);
      store.upsertRooms(page);
      return { rooms: page, hasMore: false };
    },
    async assign(roomId: string, adminId?: string) {
      await delay(200);
      return setRoom(roomId, { adminId: adminId ?? me });
    },
    async closeChat(roomId: string) {
      await delay(200);
      emit("chat-closed", { roomId });
      return setRoom(roomId, { status: "closed" });
    },
    // Files stay in the page: an object URL stands in for the server's file URL.
    async upload(file) {
      await delay(600);
      const blob = file instanceof Blob ? file : new Blob();
      const name = (file as { name?: string }).name ?? "file";
      return { url: URL.createObjectURL(blob), name, size: blob.size, mimeType: blob.type };
    },
    async fetchFile(url: string) {
      return (await fetch(url)).blob();
    },
    async customerInfo(customerId: string) {
      await delay(200);
      const first = new Date(Date.now() - 86_400_000 * 40).toISOString();
      const profile = { plan: "Pro" };
      return {
        id: customerId,
        name: null,
        firstContactAt: first,
        previousChats: 2,
        openRoomId: null,
        profile,
      };
    },
    // Made-up live numbers for the Metrics view, from the fake inbox's rooms.
    async stats() {
      await delay(150);
      const rooms = Object.values(s().rooms).filter((r) => r.status === "open");
      return {
        connectedCustomers: rooms.length,
        connectedAgents: 1,
        messagesLastMinute: Math.round(3 + Math.random() * 6),
        deliveryP95Ms: Math.round(40 + Math.random() * 80),
        openRooms: rooms.length,
        waitingRooms: rooms.filter((r) => !r.adminId).length,
        at: new Date().toISOString(),
      };
    },
    // The support desk (contract v2), in memory.
    async setLabels(roomId: string, labels: readonly string[]) {
      await delay(150);
      return setRoom(roomId, { labels: [...new Set(labels)] });
    },
    async setAvailability(status) {
      await delay(150);
      return status;
    },
    async listAgents() {
      await delay(150);
      const load = (id: string) =>
        Object.values(s().rooms).filter((r) => r.status === "open" && r.adminId === id).length;
      return fakeAgents.map((a) => ({ ...a, openRooms: load(a.id) }));
    },
    async search({ q }) {
      await delay(200);
      const hits = Object.values(s().messagesByRoom)
        .flat()
        .filter((m) => m.content.toLowerCase().includes(q.toLowerCase()));
      const results = hits.map((m) => ({ room: s().rooms[m.roomId] as Room, message: m }));
      return { results: results.filter((r) => r.room), hasMore: false };
    },
    async listCanned() {
      await delay(150);
      return [...canned.values()].sort((a, b) => a.shortcode.localeCompare(b.shortcode));
    },
    async createCanned(input) {
      await delay(150);
      if ([...canned.values()].some((c) => c.shortcode === input.shortcode))
        throw new ChatError("CONFLICT", `the shortcode "${input.shortcode}" is taken`);
      const made = { id: oid(), title: input.title || input.shortcode, ...input };
      canned.set(made.id, made);
      return made;
    },
    async updateCanned(id, change) {
      await delay(150);
      const held = canned.get(id);
      if (!held) throw new ChatError("NOT_FOUND", "no such canned response");
      const next = { ...held, ...change };
      canned.set(id, next);
      return next;
    },
    async deleteCanned(id) {
      await delay(150);
      canned.delete(id);
    },
    // The customer's side of contract v2: `#scenario=away` shows the team away until 9:00.
    async widgetConfig() {
      await delay(150);
      const away = scenario === "away";
      const nextOpenAt = new Date(Date.now() + 10 * 3_600_000).toISOString();
      return {
        teamName: "Acme Support",
        greeting: "Hi! How can we help?",
        locale: "en",
        color: "#2457e6",
        open: !away,
        agentsOnline: away ? 0 : 2,
        nextOpenAt: away ? nextOpenAt : null,
        replyTime: away ? ("hours" as const) : ("minutes" as const),
        transcriptEmail: true as const,
      };
    },
    async setContact(email: string) {
      await delay(300);
      const id = s().activeRoomId ?? rooms[0]?.id ?? "";
      if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email.trim()))
        throw new ChatError("VALIDATION", "not an email address");
      return setRoom(id, { customerEmail: email.trim().toLowerCase() });
    },
    async rateChat(roomId: string, score: number, comment?: string) {
      await delay(300);
      return setRoom(roomId, {
        rating: { score, comment: comment ?? "", at: new Date().toISOString() },
      });
    },
    async transcript(roomId: string, format = "text") {
      await delay(200);
      const lines = (s().messagesByRoom[roomId] ?? []).map((m) => `${m.senderId}: ${m.content}`);
      const type = format === "html" ? "text/html" : "text/plain";
      return new Blob([lines.join("\n")], { type });
    },
    async emailTranscript(roomId: string) {
      await delay(300);
      const room = s().rooms[roomId];
      const to =
        room?.customerEmail ?? Object.values(s().rooms).find((r) => r.customerEmail)?.customerEmail;
      if (!to) throw new ChatError("CONFLICT", "no email address");
      return { to, requestedAt: new Date().toISOString() };
    },
    on,
    // The SDK's own upload-then-send over this fake's upload and send.
    sendFiles: (roomId, text, files, options) =>
      uploadThenSend(client, roomId, text, files, options),
  };
  return client;
}
