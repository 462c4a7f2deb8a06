import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Response,
  type Router,
} from "express";
import {
  ChatError,
  HTTP_STATUS,
  createCannedResponseSchema,
  fetchMessagesSchema,
  idSchema,
  listRoomsSchema,
  searchSchema,
  apiSenderSchema,
  sendMessageSchema,
  closeChatSchema,
  adminAssignSchema,
  transcriptFormatSchema,
  updateCannedResponseSchema,
  userIdSchema,
  listDeliveriesSchema,
  deliveryIdSchema,
  type ErrorBody,
} from "@switchboard/protocol";
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { pinoHttp } from "pino-http";
import { bearerToken, type Identity, type VerifyToken } from "../auth/tokens.ts";
import { apiKeyIdentity, isApiKey, matchApiKey, type ApiKey } from "../auth/apiKeys.ts";
import type { Services } from "../services/index.ts";
import { createFileRoutes } from "./fileRoutes.ts";
import type { RateLimits } from "./rateLimits.ts";
import { clientAddress } from "./clientAddress.ts";
import { parse, route, type Authed } from "./httpUtil.ts";
import { isFault, toErrorBody } from "./errors.ts";
import { requireAdmin } from "../services/access.ts";
import { openApiDocument } from "./openapi.ts";

export interface HttpDeps {
  verifyToken: VerifyToken;
  services: Services;
  logger: Logger;
  maxUploadBytes: number;
  limits: RateLimits;
  /** Reverse proxies in front (`TRUST_PROXY`): see {@link clientAddress}. */
  proxyHops: number;
  /** `API_KEYS`: a host's backend authenticates with one of these secrets as an admin. */
  apiKeys?: readonly ApiKey[];
}

/**
 * Every route needs a valid token, and is rate-limited after it: refused tokens per client
 * address (`authFailures`, the budget the socket handshake spends too), accepted requests per
 * user (`http`). A flood of bad tokens from an address never spends a valid user's budget.
 */
function authenticate({ verifyToken, limits, proxyHops, apiKeys = [] }: HttpDeps): RequestHandler {
  const admit = async (req: Request) => {
    let user: Authed["user"];
    try {
      const token = bearerToken(req.headers.authorization);
      if (!token) throw new ChatError("UNAUTHORIZED", "missing bearer token");
      // An API key (a host's backend), else a user's token. The verifier answers ChatErrors
      // only (answeringUnauthorized in createChatServer).
      const key = apiKeys.length ? matchApiKey(apiKeys, token) : null;
      user = key ? apiKeyIdentity(key) : await verifyToken(token);
    } catch (err) {
      await limits.consume("authFailures", clientAddress(req, proxyHops));
      throw err;
    }
    await limits.consume("http", user.userId);
    (req as Authed).user = user;
  };
  return (req, _res, next) => {
    admit(req).then(() => next(), next);
  };
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * One log line per request (pino-http): `reqId` (the caller's `X-Request-Id` when it is a
 * plain token, else a new UUID, echoed in the response), method, path, status and time.
 * 5xx at error, 4xx at info, the rest at debug; headers (tokens) are never logged.
 */
function requestLog(logger: Logger) {
  return pinoHttp({
    logger,
    genReqId(req, res) {
      const given = req.headers["x-request-id"];
      const id = typeof given === "string" && REQUEST_ID.test(given) ? given : randomUUID();
      res.setHeader("X-Request-Id", id);
      return id;
    },
    customProps: (req) => ({ reqId: req.id }),
    customLogLevel: (_req, res, err) =>
      err || res.statusCode >= 500 ? "error" : res.statusCode >= 400 ? "info" : "debug",
    serializers: {
      req: (req: { method: string; url: string }) => ({
        method: req.method,
        path: req.url.split("?")[0],
      }),
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
    },
  });
}

/** The REST routes under `/api/chat`: thin, as the socket handlers are. */
export function createChatRouter(deps: HttpDeps): Router {
  const router = express.Router();
  router.use(requestLog(deps.logger));
  // Contract v2: the HTTP API's own description, from the schemas the routes validate with
  // (public: it holds no data).
  let openApi: object | null = null;
  router.get(
    "/openapi.json",
    route(async (_req, res) => {
      res.json((openApi ??= openApiDocument()));
    }),
  );

  router.use(express.json({ limit: "100kb" }));
  router.use(authenticate(deps));

  router.get(
    "/rooms/:roomId/messages",
    route(async (req, res) => {
      const input = parse(fetchMessagesSchema, {
        ...numbers(req.query),
        roomId: req.params.roomId,
      });
      res.json(await deps.services.chat.fetchMessages(req.user!, input));
    }),
  );

  // Contract v2, for a host's backend (API keys) and agents: send, close, assign over HTTP,
  // each one service call with the socket event's validation, codes and limits.
  router.post(
    "/rooms/:roomId/messages",
    route(async (req, res) => {
      requireAdmin(req.user!);
      const body = { ...(req.body as object), roomId: req.params.roomId };
      const { senderId } = parse(apiSenderSchema, body);
      const input = parse(sendMessageSchema, body);
      const sender = senderOf(req.user!, senderId);
      await deps.limits.consume("messages", sender.userId);
      res.json(await deps.services.chat.sendMessage(sender, input));
    }),
  );

  router.post(
    "/rooms/:roomId/close",
    route(async (req, res) => {
      requireAdmin(req.user!);
      const input = parse(closeChatSchema, { roomId: req.params.roomId });
      res.json(await deps.services.rooms.close(req.user!, input));
    }),
  );

  router.post(
    "/rooms/:roomId/assign",
    route(async (req, res) => {
      requireAdmin(req.user!);
      const input = parse(adminAssignSchema, {
        ...(req.body as object),
        roomId: req.params.roomId,
      });
      res.json(await deps.services.rooms.assign(req.user!, input));
    }),
  );

  router.get(
    "/rooms/:roomId/transcript",
    route(async (req, res) => {
      const roomId = parse(idSchema, req.params.roomId);
      const format = parse(transcriptFormatSchema, req.query.format ?? "text");
      const t = await deps.services.transcripts.transcript(req.user!, roomId, format);
      res.setHeader("Content-Type", t.contentType);
      res.setHeader("Content-Disposition", `attachment; filename="${t.filename}"`);
      res.setHeader("X-Content-Type-Options", "nosniff");
      res.setHeader("Cache-Control", "no-store");
      res.send(t.body);
    }),
  );

  // An extension beyond the contract (docs/protocol.md): the transcript by email, only ever
  // to the address the customer left; queued, so the answer never waits on SMTP.
  router.post(
    "/rooms/:roomId/transcript/email",
    route(async (req, res) => {
      const roomId = parse(idSchema, req.params.roomId);
      await deps.limits.consume("transcriptEmails", req.user!.userId);
      res.status(202).json(await deps.services.transcripts.email(req.user!, roomId));
    }),
  );

  router.get(
    "/rooms",
    route(async (req, res) => {
      const input = parse(listRoomsSchema, numbers(req.query));
      res.json(await deps.services.rooms.list(req.user!, input));
    }),
  );

  router.get(
    "/stats",
    route(async (req, res) => {
      res.json(await deps.services.stats.stats(req.user!));
    }),
  );

  router.get(
    "/customers/:customerId/export",
    route(async (req, res) => {
      const customerId = parse(userIdSchema, req.params.customerId);
      res.json(await deps.services.customers.export(req.user!, customerId));
    }),
  );

  router.delete(
    "/customers/:customerId",
    route(async (req, res) => {
      const customerId = parse(userIdSchema, req.params.customerId);
      res.json(await deps.services.customers.erase(req.user!, customerId));
    }),
  );

  router.get(
    "/customers/:customerId",
    route(async (req, res) => {
      const customerId = parse(userIdSchema, req.params.customerId);
      res.json(await deps.services.rooms.customer(req.user!, customerId));
    }),
  );

  router.get(
    "/search",
    route(async (req, res) => {
      requireAdmin(req.user!);
      const input = parse(searchSchema, numbers(req.query));
      res.json(await deps.services.search.search(req.user!, input));
    }),
  );

  router.get(
    "/widget-config",
    route(async (_req, res) => {
      res.json(await deps.services.widget.config());
    }),
  );

  router.get(
    "/agents",
    route(async (req, res) => {
      res.json(await deps.services.agents.list(req.user!));
    }),
  );

  const { canned } = deps.services;
  router.get(
    "/canned-responses",
    route(async (req, res) => {
      res.json(await canned.list(req.user!));
    }),
  );
  router.post(
    "/canned-responses",
    route(async (req, res) => {
      requireAdmin(req.user!); // before the body: a customer learns nothing from a VALIDATION
      const input = parse(createCannedResponseSchema, req.body);
      res.status(201).json(await canned.create(req.user!, input));
    }),
  );
  router.patch(
    "/canned-responses/:id",
    route(async (req, res) => {
      requireAdmin(req.user!);
      const id = parse(idSchema, req.params.id);
      const input = parse(updateCannedResponseSchema, req.body);
      res.json(await canned.update(req.user!, id, input));
    }),
  );
  router.delete(
    "/canned-responses/:id",
    route(async (req, res) => {
      requireAdmin(req.user!);
      await canned.remove(req.user!, parse(idSchema, req.params.id));
      res.status(204).end();
    }),
  );

  // Contract v2 webhooks, for operators (admins and API keys).
  const webhooks = () => {
    if (!deps.services.webhooks)
      throw new ChatError("NOT_FOUND", "webhooks are off (WEBHOOK_URLS)");
    return deps.services.webhooks;
  };
  router.get(
    "/webhooks/deliveries",
    route(async (req, res) => {
      requireAdmin(req.user!);
      const input = parse(listDeliveriesSchema, numbers(req.query));
      res.json(await webhooks().list(req.user!, input));
    }),
  );
  router.post(
    "/webhooks/deliveries/:id/retry",
    route(async (req, res) => {
      requireAdmin(req.user!);
      const id = parse(deliveryIdSchema, req.params.id);
      res.json(await webhooks().retry(req.user!, id));
    }),
  );

  router.use(createFileRoutes(deps.services, deps.maxUploadBytes, deps.limits));
  router.use((_req, _res, next) => next(new ChatError("NOT_FOUND", "no such route")));
  router.use(errorHandler(deps.logger));
  return router;
}

/** Query strings are strings; the schemas want numbers where the contract has them. */
function numbers(query: Request["query"]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(query)) {
    if (typeof v !== "string") out[k] = v;
    else out[k] = k === "limit" && /^\d+$/.test(v) ? Number(v) : v;
  }
  return out;
}

/** Every error becomes `{ error: { code, message } }` with the contract's status. */
export function errorHandler(logger: Logger) {
  return (err: unknown, req: Request, res: Response, _next: NextFunction) => {
    let body: ErrorBody;
    if (isBodyParserError(err)) {
      body =
        err.type === "entity.too.large"
          ? { code: "TOO_LARGE", message: "request body too large" }
          : { code: "VALIDATION", message: "malformed request body" };
    } else {
      body = toErrorBody(err);
      if (isFault(err)) (req.log ?? logger).error({ err, path: req.path }, "request failed");
    }
    if (body.retryAfterMs !== undefined)
      res.setHeader("Retry-After", Math.ceil(body.retryAfterMs / 1000));
    res.status(HTTP_STATUS[body.code]).json({ error: body });
  };
}

function isBodyParserError(err: unknown): err is { type: string } {
  return (
    typeof err === "object" &&
    err !== null &&
    typeof (err as { type?: unknown }).type === "string" &&
    "status" in err
  );
}

/**
 * Who an HTTP send is from: with an API key, the agent `senderId` names (default the key's
 * name); with an agent's token, that agent only.
 */
function senderOf(user: Identity, senderId: string | undefined): Identity {
  if (isApiKey(user)) return senderId ? { userId: senderId, role: "admin" } : user;
  if (senderId !== undefined && senderId !== user.userId)
    throw new ChatError("FORBIDDEN", "senderId needs an API key");
  return user;
}
