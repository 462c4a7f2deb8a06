import type {
  Agent,
  Attachment,
  CannedResponse,
  ChatStats,
  CustomerInfo,
  Message,
  Room,
  SearchResult,
  TranscriptEmailed,
  WebhookDelivery,
  WidgetConfig,
} from "@switchboard/protocol";
import { WEBHOOK_EVENT_TYPES } from "@switchboard/protocol";
import { z } from "zod";
import type { CustomerExport, Erased } from "../services/customerDataService.ts";

// The contract's objects as the HTTP API answers them, for the OpenAPI document's responses.
// Strict: a field the server sends and a schema here lacks fails the integration test that
// parses real answers with them (test/openapi.integration.test.ts); and each schema must accept
// its protocol type (the `accepts` lines below fail the typecheck otherwise).

const iso = z.string().describe("ISO 8601 time");
const role = z.enum(["customer", "admin"]);

export const attachmentObject = z
  .object({ url: z.string(), name: z.string(), size: z.number().int(), mimeType: z.string() })
  .strict()
  .meta({ id: "Attachment" });

const activity = z
  .object({
    type: z.enum(["assigned", "transferred", "closed", "rated"]),
    by: z.string(),
    adminId: z.string().optional(),
    fromAdminId: z.string().optional(),
    score: z.number().int().optional(),
    comment: z.string().optional(),
    byName: z.string().optional().describe("Extension: the name of `by`, as `content` words it"),
    adminName: z.string().optional().describe("Extension: the name of `adminId`"),
    fromAdminName: z.string().optional().describe("Extension: the name of `fromAdminId`"),
  })
  .strict()
  .meta({ id: "MessageActivity" });

export const messageObject = z
  .object({
    id: z.string(),
    roomId: z.string(),
    senderId: z.string(),
    senderRole: role,
    clientMessageId: z.string(),
    content: z.string(),
    attachments: z.array(attachmentObject),
    status: z.enum(["sent", "delivered", "read"]),
    createdAt: iso,
    deliveredAt: iso.nullable(),
    readAt: iso.nullable(),
    kind: z.enum(["message", "note", "activity"]).optional(),
    activity: activity.optional(),
    senderName: z.string().optional(),
  })
  .strict()
  .meta({ id: "Message" });

const preview = z
  .object({ senderRole: role, text: z.string(), attachments: z.number().int() })
  .strict()
  .meta({ id: "RoomPreview" });

export const roomObject = z
  .object({
    id: z.string(),
    customerId: z.string(),
    adminId: z.string().nullable(),
    status: z.enum(["open", "closed"]),
    lastMessageAt: iso.nullable(),
    unreadCountCustomer: z.number().int(),
    unreadCountAdmin: z.number().int(),
    createdAt: iso,
    updatedAt: iso,
    customerName: z.string().nullable().optional(),
    lastMessage: preview.nullable().optional(),
    lastMessageId: z.string().nullable().optional(),
    labels: z.array(z.string()).optional(),
    customerEmail: z.string().nullable().optional(),
    rating: z
      .object({ score: z.number().int(), comment: z.string(), at: iso })
      .strict()
      .nullable()
      .optional(),
  })
  .strict()
  .meta({ id: "Room" });

export const agentObject = z
  .object({
    id: z.string(),
    name: z.string(),
    status: z.enum(["online", "away", "offline"]),
    openRooms: z.number().int(),
  })
  .strict()
  .meta({ id: "Agent" });

export const widgetConfigObject = z
  .object({
    teamName: z.string(),
    greeting: z.string(),
    locale: z.string(),
    color: z.string(),
    open: z.boolean(),
    agentsOnline: z.number().int(),
    nextOpenAt: iso.nullable(),
    replyTime: z.enum(["minutes", "hours", "day"]),
    transcriptEmail: z
      .literal(true)
      .optional()
      .describe("Extension: transcripts can be emailed (SMTP configured)"),
    autoAssign: z.literal(true).optional().describe("Extension: AUTO_ASSIGN is on"),
  })
  .strict()
  .meta({ id: "WidgetConfig" });

/** The extension `POST /api/chat/rooms/{roomId}/transcript/email`'s answer (202). */
export const transcriptEmailedObject = z
  .object({ to: z.string(), requestedAt: iso })
  .strict()
  .meta({ id: "TranscriptEmailed" });

export const cannedResponseObject = z
  .object({ id: z.string(), shortcode: z.string(), title: z.string(), content: z.string() })
  .strict()
  .meta({ id: "CannedResponse" });

export const searchResultObject = z
  .object({ room: roomObject, message: messageObject.nullable() })
  .strict()
  .meta({ id: "SearchResult" });

export const customerInfoObject = z
  .object({
    id: z.string(),
    name: z.string().nullable(),
    firstContactAt: iso,
    previousChats: z.number().int(),
    openRoomId: z.string().nullable(),
    recentChats: z.array(roomObject).optional(),
    profile: z.record(z.string(), z.unknown()).nullable(),
  })
  .strict()
  .meta({ id: "CustomerInfo" });

const csat = z.object({ average: z.number().nullable(), count: z.number().int() }).strict();
export const chatStatsObject = z
  .object({
    connectedCustomers: z.number().int(),
    connectedAgents: z.number().int(),
    messagesLastMinute: z.number().int(),
    deliveryP95Ms: z.number().nullable(),
    openRooms: z.number().int(),
    waitingRooms: z.number().int(),
    at: iso,
    csat: z.object({ last7Days: csat, last30Days: csat }).strict().optional(),
  })
  .strict()
  .meta({ id: "ChatStats" });

export const webhookDeliveryObject = z
  .object({
    id: z.string(),
    eventId: z.string(),
    type: z.enum(WEBHOOK_EVENT_TYPES),
    roomId: z.string(),
    url: z.string().describe("the receiver URL, its password and query values shown as ***"),
    status: z.enum(["pending", "delivered", "failed"]),
    attempts: z.number().int(),
    queuedAt: iso,
    nextAttemptAt: iso.nullable(),
    deliveredAt: iso.nullable(),
    lastError: z.string().nullable(),
  })
  .strict()
  .meta({ id: "WebhookDelivery" });

export const customerExportObject = z
  .object({
    customer: z
      .object({
        id: z.string(),
        name: z.string().nullable(),
        emails: z.array(z.string()),
        profile: z.record(z.string(), z.unknown()).nullable(),
      })
      .strict(),
    rooms: z.array(roomObject),
    messages: z.array(messageObject),
    uploads: z.array(
      z
        .object({
          url: z.string(),
          name: z.string(),
          size: z.number().int(),
          mimeType: z.string(),
          roomId: z.string().nullable(),
          createdAt: iso,
        })
        .strict(),
    ),
  })
  .strict()
  .meta({ id: "CustomerExport" });

export const erasedObject = z
  .object({
    deleted: z
      .object({
        rooms: z.number().int(),
        messages: z.number().int(),
        uploads: z.number().int(),
        devices: z.number().int(),
      })
      .strict(),
  })
  .strict()
  .meta({ id: "Erased" });

/** Compiles only when every value of type `T` is one the schema accepts. */
type Accepts<S extends z.ZodType, T> = T extends z.input<S> ? true : never;
const accepts = <S extends z.ZodType, T>(ok: Accepts<S, T>) => ok;
accepts<typeof attachmentObject, Attachment>(true);
accepts<typeof messageObject, Message>(true);
accepts<typeof roomObject, Room>(true);
accepts<typeof agentObject, Agent>(true);
accepts<typeof widgetConfigObject, WidgetConfig>(true);
accepts<typeof transcriptEmailedObject, TranscriptEmailed>(true);
accepts<typeof cannedResponseObject, CannedResponse>(true);
accepts<typeof searchResultObject, SearchResult>(true);
accepts<typeof customerInfoObject, CustomerInfo>(true);
accepts<typeof chatStatsObject, ChatStats>(true);
accepts<typeof webhookDeliveryObject, WebhookDelivery>(true);
accepts<typeof customerExportObject, CustomerExport>(true);
accepts<typeof erasedObject, Erased>(true);
