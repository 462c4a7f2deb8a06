import type { ChatModels } from "../persistence/models.ts";
import { MessageRepository } from "../persistence/messageRepository.ts";
import { RoomRepository } from "../persistence/roomRepository.ts";
import { BatchedMessageWriter, DirectMessageWriter } from "../persistence/messageWriter.ts";
import { RoomAccess } from "./access.ts";
import { ChatService } from "./chatService.ts";
import { Activities } from "./activities.ts";
import { CannedResponseService } from "./cannedResponseService.ts";
import { AgentService, type AgentPresence } from "./agentService.ts";
import { AgentRepository } from "../persistence/agentRepository.ts";
import { Router, type RoutingOptions } from "./routing.ts";
import { SearchService } from "./searchService.ts";
import { TranscriptService } from "./transcriptService.ts";
import { EmailService, type EmailOptions } from "./emailService.ts";
import { CustomerDataService } from "./customerDataService.ts";
import { CustomerDataRepository } from "../persistence/customerDataRepository.ts";
import { EmailJobRepository } from "../persistence/emailJobRepository.ts";
import {
  DEFAULT_WIDGET_SETTINGS,
  WidgetConfigService,
  type WidgetSettings,
} from "./widgetConfigService.ts";
import { CannedResponseRepository } from "../persistence/cannedResponseRepository.ts";
import { PendingSends } from "./pendingSends.ts";
import { WebhookService, type WebhookOptions } from "./webhookService.ts";
import { WebhookRepository } from "../persistence/webhookRepository.ts";
import type { LeaderLease } from "./webhookWorker.ts";
import type { Broadcaster, ChatObserver, Clock } from "./ports.ts";
import { PushService, type Presence, type PushSender } from "../push/pushService.ts";
import type { Logger } from "pino";
import { ReceiptService } from "./receiptService.ts";
import { LocalRoomLock, type RoomLock } from "./roomLock.ts";
import { RoomService, type LookupUser } from "./roomService.ts";
import { TypingService } from "./typingService.ts";
import { UploadService } from "./uploadService.ts";
import { StatsService, type StatsSources } from "./statsService.ts";
import { DeviceRepository, UploadRepository } from "../persistence/uploadRepository.ts";
import type { FileStore } from "../storage/fileStore.ts";

/** Rooms whose messages `list-rooms { q }` considers at most (FerretDB scans for each). */
const LIST_Q_MAX_ROOMS = 1000;

/** All of the chat's rules, wired to one database and one broadcaster. */
export interface Services {
  chat: ChatService;
  /** Finishes sends stored but not counted; `sweep()` at start-up, `stop()` on close. */
  pending: PendingSends;
  receipts: ReceiptService;
  rooms: RoomService;
  typing: TypingService;
  access: RoomAccess;
  uploads: UploadService;
  devices: DeviceRepository;
  stats: StatsService;
  /** Contract v2: the team's canned responses. */
  canned: CannedResponseService;
  /** Contract v2: the agents' directory and availability. */
  agents: AgentService;
  /** Contract v2: search over messages and customers' names. */
  search: SearchService;
  /** Contract v2: automatic assignment (`start()` once the transport is up; off by default). */
  router: Router;
  /** Contract v2: what the widget shows before anyone writes (`GET /api/chat/widget-config`). */
  widget: WidgetConfigService;
  /** Contract v2: a room's whole conversation as text, HTML or JSON. */
  transcripts: TranscriptService;
  /** Contract v2 email continuity (`start()` with the transport); null without a mailer. */
  emails: EmailService | null;
  /** Contract v2: a customer's data, exported or erased; retention (`start()`). */
  customers: CustomerDataService;
  /** Contract v2 webhooks (`worker.start()` with the transport); null without receivers. */
  webhooks: WebhookService | null;
}

export function createServices(
  models: ChatModels,
  broadcast: Broadcaster,
  opts: {
    files: FileStore;
    logger: Logger;
    observer?: ChatObserver;
    clock?: Clock;
    lock?: RoomLock;
    allowedTypes?: string[];
    lookupUser?: LookupUser;
    /** Group concurrent sends into batched writes (default on). */
    batchWrites?: boolean;
    stats?: StatsSources;
    /** Automatic assignment; off without it. */
    routing?: RoutingOptions;
    /** Who has an agent socket open on any node (default: nobody, for services used alone). */
    presence?: AgentPresence;
    /** Push to offline recipients; off without a sender. */
    push?: { sender: PushSender; presence: Presence };
    /** The widget's team name, greeting, colour, business hours (defaults: always open). */
    widget?: Partial<WidgetSettings>;
    /** `RETENTION_DAYS`: closed rooms idle longer are erased daily; default keep. */
    retentionDays?: number | null;
    /** Email continuity (SMTP); off without it. `teamName` defaults to the widget's. */
    email?: Omit<EmailOptions, "teamName"> & { teamName?: string };
    /** Webhooks (outbox and delivery); off without receivers. */
    webhooks?: WebhookOptions & { lease?: LeaderLease };
  },
): Services {
  const rooms = new RoomRepository(models);
  const messages = new MessageRepository(models);
  const access = new RoomAccess(rooms);
  const clock = opts.clock ?? (() => new Date());
  const lock = opts.lock ?? new LocalRoomLock();
  const uploads = new UploadService({
    uploads: new UploadRepository(models),
    store: opts.files,
    access,
    ...(opts.allowedTypes ? { allowedTypes: opts.allowedTypes } : {}),
  });
  const observer = opts.observer ?? {};
  const webhooks = opts.webhooks?.urls.length
    ? new WebhookService(
        {
          repo: new WebhookRepository(models),
          clock,
          logger: opts.logger,
          observer,
          ...(opts.webhooks.lease ? { lease: opts.webhooks.lease } : {}),
        },
        opts.webhooks,
      )
    : null;
  const outbox = webhooks ?? undefined;
  const devices = new DeviceRepository(models);
  const push = opts.push
    ? new PushService({ devices, observer, logger: opts.logger, ...opts.push })
    : undefined;
  const pending = new PendingSends({
    rooms,
    messages,
    uploads,
    lock,
    logger: opts.logger,
    outbox,
    onFinished: (written) => chat.finished(written),
    onSettled: (room) => broadcast.roomUpdated(room),
  });
  const writer =
    opts.batchWrites === false
      ? new DirectMessageWriter(messages, rooms, outbox)
      : new BatchedMessageWriter(models, rooms, outbox);
  const activities = new Activities({ rooms, writer, pending, clock });
  const agentRepo = new AgentRepository(models);
  const presence = opts.presence ?? { connectedAgentIds: async () => [] };
  const router = new Router(
    {
      rooms,
      agents: agentRepo,
      presence,
      lock,
      activities,
      announce: (written) => chat.finished(written),
      clock,
      logger: opts.logger,
    },
    opts.routing ?? { enabled: false, capacity: 5 },
  );
  const agents = new AgentService({
    agents: agentRepo,
    rooms,
    presence,
    lookupUser: opts.lookupUser,
    onAvailable: () => router.kick(),
    onPresence: () => widget.forget(),
  });
  const widgetSettings = { ...DEFAULT_WIDGET_SETTINGS, ...opts.widget };
  const widget = new WidgetConfigService({
    settings: widgetSettings,
    agents: agentRepo,
    presence,
    clock,
    transcriptEmail: opts.email != null,
    autoAssign: opts.routing?.enabled ?? false,
  });
  const transcripts: TranscriptService = new TranscriptService({
    access,
    messages,
    agentName: (id) => agents.agentName(id),
    teamName: widgetSettings.teamName,
    latestEmail: (customerId) => rooms.latestCustomerEmail(customerId),
    mail: () => emails,
  });
  const emails: EmailService | null = opts.email
    ? new EmailService(
        {
          jobs: new EmailJobRepository(models),
          rooms,
          messages,
          lock,
          clock,
          logger: opts.logger,
          transcript: async (roomId) => {
            const room = await rooms.findById(roomId);
            return room ? transcripts.customerCopy(room) : null;
          },
        },
        { teamName: widgetSettings.teamName, ...opts.email },
      )
    : null;
  const chat = new ChatService({
    emails: emails ?? undefined,
    rooms,
    messages,
    access,
    broadcast,
    clock,
    lock,
    uploads,
    push,
    pending,
    writer,
    activities,
    onRoomFreed: () => router.kick(),
    outbox,
  });
  return {
    emails,
    webhooks,
    customers: new CustomerDataService({
      data: new CustomerDataRepository(models),
      rooms,
      files: opts.files,
      lock,
      clock,
      logger: opts.logger,
      disconnect: (userId) => broadcast.disconnectUser(userId),
      lookupUser: opts.lookupUser,
      retentionDays: opts.retentionDays ?? null,
      onRoomErased: (roomId) => webhooks?.forgetRoom(roomId),
    }),
    chat,
    pending,
    receipts: new ReceiptService({ rooms, messages, access, broadcast, clock, lock, observer }),
    rooms: new RoomService({
      rooms,
      access,
      broadcast,
      lock,
      activities,
      announce: (written) => chat.finished(written),
      repair: (roomId) => pending.schedule(roomId),
      agentName: (id) => agents.agentName(id),
      roomsMatching: (q) => messages.roomsMatching(q, LIST_Q_MAX_ROOMS),
      lookupUser: opts.lookupUser,
      outbox,
    }),
    typing: new TypingService(access, broadcast),
    access,
    uploads,
    devices,
    canned: new CannedResponseService(new CannedResponseRepository(models)),
    agents,
    router,
    search: new SearchService(rooms, messages),
    transcripts,
    widget,
    stats: new StatsService({
      rooms,
      messages,
      clock,
      sources: opts.stats ?? {
        connectedUsers: async () => ({ customers: 0, agents: 0 }),
        deliveryP95Ms: async () => null,
      },
    }),
  };
}
