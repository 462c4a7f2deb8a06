import type { Message, MessageActivity, Room } from "@switchboard/protocol";
import type { MessageDoc, RoomDoc } from "./models.ts";

const iso = (d: Date | null | undefined): string | null => (d ? d.toISOString() : null);

/** The one place where a stored room becomes the contract's Room. */
export function toRoom(doc: RoomDoc): Room {
  return {
    id: doc._id.toHexString(),
    customerId: doc.customerId,
    adminId: doc.adminId ?? null,
    status: doc.status,
    lastMessageAt: iso(doc.lastMessageAt),
    unreadCountCustomer: doc.unreadCountCustomer ?? 0,
    unreadCountAdmin: doc.unreadCountAdmin ?? 0,
    createdAt: iso(doc.createdAt) ?? new Date(0).toISOString(),
    updatedAt: iso(doc.updatedAt) ?? new Date(0).toISOString(),
    customerName: doc.customerName ?? null,
    lastMessage: doc.lastMessage
      ? {
          senderRole: doc.lastMessage.senderRole === "admin" ? "admin" : "customer",
          text: doc.lastMessage.text ?? "",
          attachments: doc.lastMessage.attachments ?? 0,
        }
      : null,
    lastMessageId: doc.lastMessageId?.toHexString() ?? null,
    labels: [...(doc.labels ?? [])],
    customerEmail: doc.customerEmail ?? null,
    rating:
      doc.rating && typeof doc.rating.score === "number"
        ? { score: doc.rating.score, comment: doc.rating.comment ?? "", at: iso(doc.rating.at)! }
        : null,
  };
}

/** The one place where a stored message becomes the contract's Message. */
export function toMessage(doc: MessageDoc): Message {
  return {
    id: doc._id.toHexString(),
    roomId: doc.roomId.toHexString(),
    senderId: doc.senderId,
    senderRole: doc.senderRole,
    clientMessageId: doc.clientMessageId,
    content: doc.content ?? "",
    attachments: (doc.attachments ?? []).map((a) => ({
      url: a.url ?? "",
      name: a.name ?? "",
      size: a.size ?? 0,
      mimeType: a.mimeType ?? "",
    })),
    status: doc.status ?? "sent",
    createdAt: doc.createdAt.toISOString(),
    deliveredAt: iso(doc.deliveredAt),
    readAt: iso(doc.readAt),
    kind: doc.kind ?? "message",
    ...(doc.activity ? { activity: toActivity(doc.activity) } : {}),
    ...(doc.senderName ? { senderName: doc.senderName } : {}),
  };
}

function toActivity(a: NonNullable<MessageDoc["activity"]>): MessageActivity {
  const activity: MessageActivity = {
    type: (a.type ?? "assigned") as MessageActivity["type"],
    by: a.by ?? "system",
  };
  if (a.adminId) activity.adminId = a.adminId;
  if (a.fromAdminId) activity.fromAdminId = a.fromAdminId;
  if (typeof a.score === "number") activity.score = a.score;
  if (typeof a.comment === "string") activity.comment = a.comment;
  if (a.byName) activity.byName = a.byName;
  if (a.adminName) activity.adminName = a.adminName;
  if (a.fromAdminName) activity.fromAdminName = a.fromAdminName;
  return activity;
}
