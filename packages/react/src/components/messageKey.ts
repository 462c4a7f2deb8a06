import type { ChatMessage } from "@switchboard/client";

/**
 * A row's key: stable from the moment a message is queued (its clientMessageId) through
 * its ACK, so a pending row becomes the stored one in place.
 */
export const messageKey = (m: ChatMessage) => `${m.senderId}:${m.clientMessageId || m.id}`;
