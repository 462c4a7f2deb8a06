import type { ReplyTime, WidgetConfig } from "@switchboard/protocol";
import type { AgentRepository } from "../persistence/agentRepository.ts";
import type { AgentPresence } from "./agentService.ts";
import { isWithinHours, nextOpening, type BusinessHours } from "./businessHours.ts";
import type { Clock } from "./ports.ts";

/** What the widget is told about the team (`TEAM_NAME`, `GREETING`, ... and `BUSINESS_HOURS`). */
export interface WidgetSettings {
  teamName: string;
  greeting: string;
  locale: string;
  color: string;
  /** How soon the team answers while open (`REPLY_TIME`, default "minutes"). */
  replyTime: ReplyTime;
  /** Null: always within hours. */
  businessHours: BusinessHours | null;
}

export const DEFAULT_WIDGET_SETTINGS: WidgetSettings = {
  teamName: "Support",
  greeting: "Hi! How can we help?",
  locale: "en",
  color: "#4f46e5",
  replyTime: "minutes",
  businessHours: null,
};

/**
 * How long one answer is reused: every page view asks, presence is a cluster-wide query.
 * An agent connecting, disconnecting or changing availability on this node drops it at once
 * (`forget`); on another node it shows within this long.
 */
const CACHE_MS = 2_000;
/** Closed until at most this long from now: "back in a few hours"; longer: "back tomorrow". */
const HOURS_MS = 12 * 3_600_000;

/**
 * Contract v2 `GET /api/chat/widget-config`: the truth the widget shows before anyone writes.
 * `open` needs both: within business hours, and an agent connected and available.
 */
export class WidgetConfigService {
  private cached: { at: number; value: WidgetConfig } | null = null;
  /** Bumped by `forget`: an answer read before it is not kept. */
  private generation = 0;
  /** The read on its way, shared by every request of its generation (no read per request). */
  private reading: { generation: number; value: Promise<WidgetConfig> } | null = null;

  constructor(
    private readonly deps: {
      settings: WidgetSettings;
      agents: AgentRepository;
      presence: AgentPresence;
      clock: Clock;
      /** Transcripts can be emailed (SMTP configured): said as `transcriptEmail: true`. */
      transcriptEmail?: boolean;
      /** New rooms are assigned automatically (`AUTO_ASSIGN=on`): said as `autoAssign: true`. */
      autoAssign?: boolean;
    },
  ) {}

  /** Presence or availability changed: the next answer is read afresh. */
  forget(): void {
    this.cached = null;
    this.generation++;
  }

  /** The widget's configuration now (any signed-in user may ask). */
  async config(): Promise<WidgetConfig> {
    const now = this.deps.clock();
    if (this.cached && now.getTime() - this.cached.at < CACHE_MS) return this.cached.value;
    if (this.reading?.generation === this.generation) return this.reading.value;
    const reading = { generation: this.generation, value: this.read(now) };
    this.reading = reading;
    try {
      const value = await reading.value;
      if (reading.generation === this.generation) this.cached = { at: now.getTime(), value };
      return value;
    } finally {
      if (this.reading === reading) this.reading = null;
    }
  }

  private async read(now: Date): Promise<WidgetConfig> {
    const { settings } = this.deps;
    const [records, connected] = await Promise.all([
      this.deps.agents.list(),
      this.deps.presence.connectedAgentIds(),
    ]);
    const available = new Set(
      records.filter((r) => r.availability === "online").map((r) => r.agentId),
    );
    // An agent connected this very moment is in presence before the directory: available.
    const known = new Set(records.map((r) => r.agentId));
    const agentsOnline = [...new Set(connected)].filter(
      (id) => available.has(id) || !known.has(id),
    ).length;
    const hours = settings.businessHours;
    const inHours = !hours || isWithinHours(hours, now);
    const next = hours && !inHours ? nextOpening(hours, now) : null;
    const open = inHours && agentsOnline > 0;
    return {
      teamName: settings.teamName,
      greeting: settings.greeting,
      locale: settings.locale,
      color: settings.color,
      open,
      agentsOnline,
      nextOpenAt: next?.toISOString() ?? null,
      replyTime: open
        ? settings.replyTime
        : inHours || (next && next.getTime() - now.getTime() <= HOURS_MS)
          ? "hours"
          : "day",
      ...(this.deps.transcriptEmail ? { transcriptEmail: true as const } : {}),
      ...(this.deps.autoAssign ? { autoAssign: true as const } : {}),
    };
  }
}
