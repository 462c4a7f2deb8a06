import type { Message, Room } from "@switchboard/protocol";
import type { Logger } from "pino";
import type { DeviceRepository } from "../persistence/uploadRepository.ts";
import type { ChatObserver } from "../services/ports.ts";

/** A notification as every push provider can carry it. */
export interface PushNote {
  /** The notification's title ("New reply from support", "New customer message"). */
  title: string;
  /** The message's text, at most 120 code points (or "📎 Attachment"). */
  body: string;
  /** `roomId`, `messageId` and `unread` (the recipient's unread count, for the badge). */
  data: Record<string, string>;
}

/** Sends pushes; tells which device tokens the provider called invalid. */
export interface PushSender {
  /**
   * Sends `note` to each device token.
   *
   * @returns How many were sent and failed, and the tokens the provider called invalid
   *   (the server forgets those devices).
   */
  send(
    tokens: string[],
    note: PushNote,
  ): Promise<{
    /** Pushes the provider accepted. */
    sent: number;
    /** Pushes that failed for another reason (not retried). */
    failed: number;
    /** Tokens the provider no longer knows; their devices are removed. */
    invalidTokens: string[];
  }>;
}

/** Whether a user has a live socket on any node. */
export interface Presence {
  /** Whether `userId` has a socket open on any node. */
  isOnline(userId: string): Promise<boolean>;
}

/**
 * Pushes a new message to its recipient when none of their devices has a socket open.
 * Runs after the message is stored and ACKed, never awaited by the send: a slow or failing
 * provider can neither block nor fail a message.
 */
export class PushService {
  constructor(
    private readonly deps: {
      devices: DeviceRepository;
      presence: Presence;
      sender: PushSender;
      observer: ChatObserver;
      logger: Logger;
    },
  ) {}

  notify(message: Message, room: Room): void {
    this.deliver(message, room).catch((err: unknown) => {
      this.deps.observer.push?.("failed");
      this.deps.logger.warn({ err, messageId: message.id }, "push failed");
    });
  }

  private async deliver(message: Message, room: Room): Promise<void> {
    const { devices, presence, sender, observer } = this.deps;
    const recipient = message.senderRole === "customer" ? room.adminId : room.customerId;
    if (!recipient) return;
    if (await presence.isOnline(recipient)) return observer.push?.("skipped-online");
    const tokens = await devices.tokensOf(recipient);
    if (tokens.length === 0) return observer.push?.("no-device");
    const result = await sender.send(tokens, noteFor(message, room));
    await devices.remove(result.invalidTokens);
    for (let i = 0; i < result.sent; i++) observer.push?.("sent");
    for (let i = 0; i < result.failed; i++) observer.push?.("failed");
    for (let i = 0; i < result.invalidTokens.length; i++) observer.push?.("invalid-token");
  }
}

function noteFor(message: Message, room: Room): PushNote {
  const text = message.content || (message.attachments.length > 0 ? "📎 Attachment" : "");
  return {
    title: message.senderRole === "admin" ? "New reply from support" : "New customer message",
    body: [...text].slice(0, 120).join(""),
    data: { roomId: room.id, messageId: message.id, unread: String(unreadFor(message, room)) },
  };
}

/** The recipient's unread count, for the app icon badge. */
const unreadFor = (message: Message, room: Room) =>
  message.senderRole === "customer" ? room.unreadCountAdmin : room.unreadCountCustomer;
