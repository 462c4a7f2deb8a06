import { OpenAPIRegistry, OpenApiGeneratorV31 } from "@asteasolutions/zod-to-openapi";
import {
  ErrorCode,
  HTTP_STATUS,
  adminAssignSchema,
  apiSenderSchema,
  createCannedResponseSchema,
  deliveryIdSchema,
  fetchMessagesSchema,
  idSchema,
  listDeliveriesSchema,
  listRoomsSchema,
  registerDeviceSchema,
  searchSchema,
  sendMessageSchema,
  transcriptFormatSchema,
  updateCannedResponseSchema,
  userIdSchema,
} from "@switchboard/protocol";
import { z, type ZodType } from "zod";
import {
  agentObject,
  attachmentObject,
  cannedResponseObject,
  chatStatsObject,
  customerExportObject,
  customerInfoObject,
  erasedObject,
  messageObject,
  roomObject,
  searchResultObject,
  webhookDeliveryObject,
  widgetConfigObject,
  transcriptEmailedObject,
} from "./openapiObjects.ts";

// `GET /api/chat/openapi.json`: OpenAPI 3.1 from the zod schemas the routes validate with
// (@asteasolutions/zod-to-openapi). A test checks it with an OpenAPI validator and that every
// route the router registers is in it, so the two cannot drift apart.

/** The object a schema validates, without the fields the route takes from its path. */
function without(schema: ZodType, ...keys: string[]): z.ZodObject {
  let inner = schema as unknown as { def: { type: string; in?: unknown }; shape?: object };
  while (inner.def.type === "pipe") inner = inner.def.in as typeof inner;
  const shape = { ...(inner.shape as Record<string, ZodType>) };
  for (const k of keys) delete shape[k];
  return z.object(shape);
}

const errorBody = z.object({
  error: z.object({
    code: z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]),
    message: z.string(),
    retryAfterMs: z.number().int().optional(),
  }),
});
/** A success body: the contract's objects (openapiObjects.ts), as docs/protocol.md says. */
const json = (description: string, schema: ZodType) => ({
  description,
  content: { "application/json": { schema } },
});
const page = (key: string, item: ZodType) =>
  z.object({ [key]: z.array(item), hasMore: z.boolean() }).strict();
/** Every error answer, from the contract's codes: `409` is `ROOM_CLOSED` or `CONFLICT`. */
const errors: Record<number, { description: string; content: object }> = {};
for (const [code, status] of Object.entries(HTTP_STATUS)) {
  const known = errors[status]?.description;
  errors[status] = {
    description: known ? `${known} or ${code}` : code,
    content: { "application/json": { schema: errorBody } },
  };
}
const body = (schema: ZodType) => ({
  body: { content: { "application/json": { schema } } },
});
const roomParams = z.object({ roomId: idSchema });
const customerParams = z.object({ customerId: userIdSchema });
const idParams = z.object({ id: idSchema });

type Method = "get" | "post" | "patch" | "delete";
type Request = Parameters<OpenAPIRegistry["registerPath"]>[0]["request"];
type Responses = Parameters<OpenAPIRegistry["registerPath"]>[0]["responses"];

/** Every route under `/api/chat`: method, path, summary, request, success answer. */
export const ROUTES: [Method, string, string, Request, Responses][] = [
  [
    "post",
    "/upload",
    "Upload a file (multipart field `file`)",
    {},
    { 201: json("The attachment", attachmentObject) },
  ],
  [
    "get",
    "/files/{id}",
    "Download a file (its URL as the upload answered)",
    { params: z.object({ id: z.string() }) },
    { 200: { description: "The file's bytes" } },
  ],
  [
    "post",
    "/devices",
    "Register a push token",
    body(registerDeviceSchema),
    { 201: json("Registered", z.object({}).strict()) },
  ],
  [
    "get",
    "/rooms/{roomId}/messages",
    "A room's messages (as fetch-messages; `before` or `after`, not both)",
    { params: roomParams, query: without(fetchMessagesSchema, "roomId") },
    { 200: json("A page", page("messages", messageObject)) },
  ],
  [
    "post",
    "/rooms/{roomId}/messages",
    "Send as an agent or bot (idempotent by clientMessageId)",
    {
      params: roomParams,
      ...body(without(sendMessageSchema, "roomId").extend(apiSenderSchema.shape)),
    },
    { 200: json("The message", z.object({ message: messageObject }).strict()) },
  ],
  [
    "post",
    "/rooms/{roomId}/close",
    "Close a room",
    { params: roomParams },
    { 200: json("The room", z.object({ room: roomObject }).strict()) },
  ],
  [
    "post",
    "/rooms/{roomId}/assign",
    "Assign or transfer a room",
    { params: roomParams, ...body(without(adminAssignSchema, "roomId")) },
    { 200: json("The room", z.object({ room: roomObject }).strict()) },
  ],
  [
    "get",
    "/rooms/{roomId}/transcript",
    "A room's whole conversation",
    { params: roomParams, query: z.object({ format: transcriptFormatSchema.optional() }) },
    { 200: { description: "text, HTML or JSON" } },
  ],
  [
    "post",
    "/rooms/{roomId}/transcript/email",
    "Extension: email the transcript to the customer's stored address (room's customer or admins; 409 CONFLICT without one; 404 NOT_FOUND when email is off)",
    { params: roomParams },
    { 202: json("Queued", transcriptEmailedObject) },
  ],
  [
    "get",
    "/rooms",
    "Rooms, newest activity first (admins)",
    { query: listRoomsSchema },
    { 200: json("A page", page("rooms", roomObject)) },
  ],
  [
    "get",
    "/stats",
    "The team's live figures (admins)",
    {},
    { 200: json("Stats", chatStatsObject) },
  ],
  [
    "get",
    "/customers/{customerId}/export",
    "Everything of a customer (admins)",
    { params: customerParams },
    { 200: json("The export", customerExportObject) },
  ],
  [
    "delete",
    "/customers/{customerId}",
    "Erase a customer (admins)",
    { params: customerParams },
    { 200: json("What was erased", erasedObject) },
  ],
  [
    "get",
    "/customers/{customerId}",
    "A customer's summary (admins)",
    { params: customerParams },
    { 200: json("The customer", customerInfoObject) },
  ],
  [
    "get",
    "/search",
    "Search messages and customer names (admins)",
    { query: searchSchema },
    { 200: json("A page", page("results", searchResultObject)) },
  ],
  [
    "get",
    "/widget-config",
    "What the widget shows",
    {},
    { 200: json("The config", widgetConfigObject) },
  ],
  [
    "get",
    "/agents",
    "The agents' directory (admins)",
    {},
    { 200: json("Agents", z.object({ agents: z.array(agentObject) }).strict()) },
  ],
  [
    "get",
    "/canned-responses",
    "Canned responses (admins)",
    {},
    {
      200: json("The list", z.object({ cannedResponses: z.array(cannedResponseObject) }).strict()),
    },
  ],
  [
    "post",
    "/canned-responses",
    "Add a canned response (admins; a taken shortcode is 409 CONFLICT)",
    body(createCannedResponseSchema),
    { 201: json("The new one", cannedResponseObject) },
  ],
  [
    "patch",
    "/canned-responses/{id}",
    "Change a canned response (admins)",
    { params: idParams, ...body(updateCannedResponseSchema) },
    { 200: json("The changed one", cannedResponseObject) },
  ],
  [
    "delete",
    "/canned-responses/{id}",
    "Delete a canned response (admins)",
    { params: idParams },
    { 204: { description: "Deleted" } },
  ],
  [
    "get",
    "/webhooks/deliveries",
    "Webhook deliveries by status, newest first (admins)",
    { query: listDeliveriesSchema },
    { 200: json("A page", page("deliveries", webhookDeliveryObject)) },
  ],
  [
    "post",
    "/webhooks/deliveries/{id}/retry",
    "Queue a failed webhook delivery again (admins)",
    { params: z.object({ id: deliveryIdSchema }) },
    { 200: json("The delivery", z.object({ delivery: webhookDeliveryObject }).strict()) },
  ],
  [
    "get",
    "/openapi.json",
    "This document",
    {},
    {
      200: json(
        "OpenAPI 3.1",
        z.object({ openapi: z.string(), paths: z.record(z.string(), z.unknown()) }),
      ),
    },
  ],
];

/** The OpenAPI 3.1 document of the HTTP API under `/api/chat` (built once). */
export function openApiDocument(): object {
  const registry = new OpenAPIRegistry();
  registry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    description: "A user's JWT (HS256) or an API key's secret (`API_KEYS`)",
  });
  for (const [method, path, summary, request, responses] of ROUTES)
    registry.registerPath({
      method,
      path,
      summary,
      request,
      security: [{ bearer: [] }],
      responses: { ...errors, ...responses },
    });
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Switchboard HTTP API",
      version: "2",
      description: "The REST side of the Switchboard contract (docs/protocol.md).",
    },
    servers: [{ url: "/api/chat" }],
  });
}
