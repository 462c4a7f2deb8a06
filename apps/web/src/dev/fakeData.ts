/** Canned rooms and conversations for the dev-only fake client. */
import type { ChatMessage } from "@switchboard/client";
import type { Agent, CannedResponse, Role, Room } from "@switchboard/protocol";

let counter = 0x100000;
/** A fake 24-hex-digit id, increasing so that sorting by id follows creation. */
export const oid = () => (Date.now().toString(16) + (counter++).toString(16)).padStart(24, "0");

const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

const SCRIPT: [Role, string][] = [
  [
    "customer",
    "Hi! I ordered the trail running shoes last week and haven't received a shipping email yet.",
  ],
  ["admin", "Hi there, thanks for reaching out! Could you share your order number?"],
  ["customer", "Sure, it's #48213"],
  ["customer", "I paid with PayPal if that helps."],
  [
    "admin",
    "Thanks! I can see the order. It was delayed at our warehouse because size 43 was restocked on Monday.",
  ],
  ["admin", "It ships today, and you'll get the tracking link by email within a few hours."],
  ["customer", "Great, thanks a lot 🙌"],
  [
    "customer",
    "One more thing: can I still change the colour?\nI'd prefer the blue ones over the grey.",
  ],
  ["admin", "Let me check with the warehouse whether it has been packed already."],
  ["admin", "Good news: it hasn't. I've switched it to blue for you, same size, no extra cost."],
  ["customer", "Perfect. <b>Not bold</b> — the chat shows markup as plain text, right?"],
  ["admin", "Exactly, everything is shown as typed. Anything else I can help with?"],
  ["customer", "No, that's all. Have a nice day!"],
  ["admin", "You too! 👋"],
];

export function fakeHistory(
  roomId: string,
  viewer: Role,
  count: number,
  me: string,
  scenario = "",
): ChatMessage[] {
  const messages: ChatMessage[] = [];
  for (let i = 0; i < count; i++) {
    const [senderRole, content] = SCRIPT[i % SCRIPT.length] as [Role, string];
    const minutes = (count - i) * (i < count - 6 ? 160 : 3);
    const own = senderRole === viewer;
    messages.push({
      id: oid(),
      roomId,
      senderId: own ? me : senderRole === "admin" ? "agent-ana" : "visitor-42",
      senderRole,
      clientMessageId: oid(),
      content: count > SCRIPT.length ? `${content} (${i + 1})` : content,
      attachments: [],
      status: i < count - 2 ? "read" : "delivered",
      createdAt: ago(minutes),
      deliveredAt: ago(minutes),
      readAt: i < count - 2 ? ago(minutes) : null,
      localStatus: "stored",
    });
  }
  if (scenario === "states" && count > 0) {
    const base = {
      ...(messages.at(-1) as ChatMessage),
      senderId: me,
      senderRole: viewer,
      status: "sent" as const,
    };
    messages.push(
      {
        ...base,
        id: oid(),
        clientMessageId: oid(),
        content: "This one failed to send.",
        createdAt: ago(1),
        localStatus: "failed",
        error: { code: "RATE_LIMITED", message: "slow down" },
      },
      {
        ...base,
        id: oid(),
        clientMessageId: oid(),
        content: "And this one is on its way…",
        createdAt: ago(0),
        localStatus: "pending",
      },
    );
  }
  return messages;
}

const CUSTOMERS = [
  "maria.gonzalez@example.com",
  "t.becker",
  "visitor-42",
  "li.wei@example.org",
  "jonas_h",
  "amelia.o",
  "priya.n@example.com",
];

export function fakeRooms(viewer: Role, scenario: string): Room[] {
  if (viewer === "customer") {
    const closed = scenario === "closed";
    return [room("visitor-42", 0, null, 0, closed)];
  }
  return CUSTOMERS.map((c, i) =>
    room(
      c,
      i * 17 + 2,
      i === 1 ? "agent-ana" : i === 4 ? "agent-bo" : null,
      [3, 0, 1, 0, 0, 12, 0][i] ?? 0,
    ),
  );
}

function room(
  customerId: string,
  minutes: number,
  adminId: string | null,
  unread: number,
  closed = false,
): Room {
  return {
    id: oid(),
    customerId,
    adminId,
    status: closed ? "closed" : "open",
    lastMessageAt: ago(minutes),
    unreadCountCustomer: 0,
    unreadCountAdmin: unread,
    createdAt: ago(minutes + 600),
    updatedAt: ago(minutes),
  };
}

/** The team the fake `listAgents` answers (open rooms are counted from the fake inbox). */
export const fakeAgents: Agent[] = [
  { id: "agent-ana", name: "Ana Lima", status: "online", openRooms: 0 },
  { id: "agent-alan", name: "Alan Turing", status: "online", openRooms: 0 },
  { id: "agent-grace", name: "Grace Hopper", status: "away", openRooms: 0 },
  { id: "agent-ada", name: "Ada Byron", status: "offline", openRooms: 0 },
];

/** Canned responses of the fake team. */
export const fakeCanned: CannedResponse[] = [
  {
    id: "c0000000000000000000001",
    shortcode: "hello",
    title: "Greeting",
    content: "Hi {{customer.name}}, I'm {{agent.name}}. How can I help?",
  },
  {
    id: "c0000000000000000000002",
    shortcode: "refund",
    title: "Refund on its way",
    content: "Your refund is on its way: it shows on your statement within 3 working days.",
  },
];
