import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { ChatObserver, PushResult } from "../services/ports.ts";

/**
 * How often the event-loop lag histogram samples. prom-client's default, 10 ms, wakes an idle
 * node 100 times a second, which was most of its idle CPU (bench/README.md, idle CPU); every
 * stall of 100 ms or more still shows in full, and shorter ones by chance, which is what the
 * lag panel and alerts are for.
 */
export const EVENT_LOOP_SAMPLE_MS = 100;

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

/**
 * The server's Prometheus metrics, in a registry of its own (several servers may share a
 * process in tests; the host's default registry stays untouched).
 */
export class Metrics implements ChatObserver {
  readonly registry = new Registry();
  readonly connections = new Gauge({
    name: "switchboard_connections",
    help: "Open sockets on this node, by role",
    labelNames: ["role"] as const,
    registers: [this.registry],
  });
  readonly events = new Counter({
    name: "switchboard_events_total",
    help: "Client events handled, by event and outcome (ok or an error code)",
    labelNames: ["event", "outcome"] as const,
    registers: [this.registry],
  });
  readonly eventSeconds = new Histogram({
    name: "switchboard_event_duration_seconds",
    help: "Time from receiving a client event to answering it; for send-message this is send-to-ACK",
    labelNames: ["event"] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly messagesStored = new Counter({
    name: "switchboard_messages_stored_total",
    help: "Messages written to the database",
    registers: [this.registry],
  });
  readonly rateLimited = new Counter({
    name: "switchboard_rate_limited_total",
    help: "Events and handshakes refused by a rate limit, by kind",
    labelNames: ["kind"] as const,
    registers: [this.registry],
  });
  readonly abuseDisconnects = new Counter({
    name: "switchboard_abuse_disconnects_total",
    help: "Sockets disconnected for sending on past their RATE_LIMITED answers, by limit",
    labelNames: ["kind"] as const,
    registers: [this.registry],
  });
  readonly socketErrors = new Counter({
    name: "switchboard_socket_errors_total",
    help: "Events that failed with INTERNAL, and transport errors",
    registers: [this.registry],
  });
  readonly roomLocksLost = new Counter({
    name: "switchboard_room_locks_lost_total",
    help: "Room writes whose Redis lock lapsed before they finished, by reason",
    labelNames: ["reason"] as const,
    registers: [this.registry],
  });
  readonly handshakesRefused = new Counter({
    name: "switchboard_handshakes_refused_total",
    help: "Refused socket handshakes, by code",
    labelNames: ["code"] as const,
    registers: [this.registry],
  });

  readonly deliverySeconds = new Histogram({
    name: "switchboard_delivery_seconds",
    help: "Time from a message being stored to the recipient's device confirming delivery",
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [this.registry],
  });
  readonly dbCommands = new Counter({
    name: "switchboard_db_commands_total",
    help: "Commands sent to the database, by command (only with DB_COMMAND_METRICS=on)",
    labelNames: ["command"] as const,
    registers: [this.registry],
  });
  readonly pushes = new Counter({
    name: "switchboard_push_total",
    help: "Push notification outcomes",
    labelNames: ["result"] as const,
    registers: [this.registry],
  });

  readonly webhookQueued = new Counter({
    name: "switchboard_webhook_queued_total",
    help: "Webhook deliveries written to the outbox (one per event and receiver URL)",
    registers: [this.registry],
  });
  readonly webhookDelivered = new Counter({
    name: "switchboard_webhook_delivered_total",
    help: "Webhook deliveries the receiver answered with a 2xx",
    registers: [this.registry],
  });
  readonly webhookRetries = new Counter({
    name: "switchboard_webhook_retries_total",
    help: "Webhook attempts that failed and will be retried (not 2xx within 10 s)",
    registers: [this.registry],
  });
  readonly webhookFailed = new Counter({
    name: "switchboard_webhook_failed_total",
    help: "Webhook deliveries given up on after the retry window (status failed)",
    registers: [this.registry],
  });
  readonly webhookSeconds = new Histogram({
    name: "switchboard_webhook_delivery_seconds",
    help: "Time from a webhook event being queued to the receiver's 2xx, retries included",
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 3600],
    registers: [this.registry],
  });
  readonly webhookRequestSeconds = new Histogram({
    name: "switchboard_webhook_request_seconds",
    help: "One webhook POST, from sending to the receiver's answer (or the 10-s timeout)",
    buckets: LATENCY_BUCKETS.concat([5, 10]),
    registers: [this.registry],
  });
  /** What the webhook gauges read at scrape time (the leader's worker); unset: 0. */
  webhookBacklog: () => { pending: number; oldestSeconds: number } = () => ({
    pending: 0,
    oldestSeconds: 0,
  });

  /** `health` answers the database and Redis checks, read at scrape time. */
  constructor(health?: { db(): Promise<boolean>; redis?: () => Promise<boolean> }) {
    collectDefaultMetrics({
      register: this.registry,
      prefix: "switchboard_",
      eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS,
    });
    const backlog = () => this.webhookBacklog();
    new Gauge({
      name: "switchboard_webhook_pending",
      help: "Webhook deliveries waiting or being retried (reported by the node that delivers)",
      registers: [this.registry],
      collect() {
        this.set(backlog().pending);
      },
    });
    new Gauge({
      name: "switchboard_webhook_oldest_pending_seconds",
      help: "Age of the oldest webhook delivery still waiting (reported by the node that delivers)",
      registers: [this.registry],
      collect() {
        this.set(backlog().oldestSeconds);
      },
    });
    if (!health) return;
    const up = (name: string, help: string, check: () => Promise<boolean>) =>
      new Gauge({
        name,
        help,
        registers: [this.registry],
        async collect() {
          this.set((await check()) ? 1 : 0);
        },
      });
    up("switchboard_db_up", "1 while the database answers a ping", health.db);
    if (health.redis) up("switchboard_redis_up", "1 while Redis answers a ping", health.redis);
  }

  /**
   * This node's p95 of stored → delivered, in ms, as the upper bound of the histogram
   * bucket that holds it (what Prometheus' histogram_quantile would interpolate within).
   */
  async deliveryP95Ms(): Promise<number | null> {
    const { values } = await this.deliverySeconds.get();
    const buckets = values.filter((v) => v.metricName === "switchboard_delivery_seconds_bucket");
    const total = buckets.find((v) => v.labels.le === "+Inf")?.value ?? 0;
    if (total === 0) return null;
    const hit = buckets.find((v) => v.value >= 0.95 * total && v.labels.le !== "+Inf");
    return hit ? Number(hit.labels.le) * 1000 : null;
  }

  messageDelivered(seconds: number): void {
    this.deliverySeconds.observe(Math.max(0, seconds));
  }

  webhooksQueued(count: number): void {
    this.webhookQueued.inc(count);
  }

  webhookAttempt(
    outcome: "delivered" | "retry" | "failed",
    requestSeconds: number,
    queuedSeconds: number,
  ): void {
    this.webhookRequestSeconds.observe(requestSeconds);
    if (outcome === "retry") return this.webhookRetries.inc();
    if (outcome === "failed") return this.webhookFailed.inc();
    this.webhookDelivered.inc();
    this.webhookSeconds.observe(Math.max(0, queuedSeconds));
  }

  push(result: PushResult): void {
    this.pushes.inc({ result });
  }

  /** The handler hook: one call per answered event. */
  recordEvent = (event: string, outcome: string, seconds: number): void => {
    this.events.inc({ event, outcome });
    this.eventSeconds.observe({ event }, seconds);
    if (outcome === "INTERNAL") this.socketErrors.inc();
    if (outcome === "RATE_LIMITED") this.rateLimited.inc({ kind: event });
    if (event === "send-message" && outcome === "ok") this.messagesStored.inc();
  };
}
