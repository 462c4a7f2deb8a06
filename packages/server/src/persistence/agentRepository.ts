import { isDuplicateKey, type ChatModels, type AgentDoc } from "./models.ts";

/** An agent as the directory keeps them. */
export interface AgentRecord {
  agentId: string;
  name: string | null;
  availability: "online" | "away";
  /** When routing last gave them a room (null: never): ties go to the longest wait. */
  lastRoutedAt: Date | null;
}

const toRecord = (d: AgentDoc): AgentRecord => ({
  agentId: d.agentId,
  name: d.name ?? null,
  availability: d.availability === "away" ? "away" : "online",
  lastRoutedAt: d.lastRoutedAt ?? null,
});

/** The agents' directory in MongoDB (contract v2). The only code that knows how it is stored. */
export class AgentRepository {
  constructor(private readonly models: ChatModels) {}

  /**
   * Records an agent who connected, with the token's name when it has one (kept otherwise);
   * their availability is left as it was ("online" for a new one).
   */
  seen(agentId: string, name: string | null): Promise<void> {
    return this.upsert(agentId, {
      $set: { updatedAt: new Date(), ...(name ? { name } : {}) },
      $setOnInsert: { availability: "online", ...(name ? {} : { name: null }) },
    });
  }

  setAvailability(agentId: string, availability: "online" | "away"): Promise<void> {
    return this.upsert(agentId, {
      $set: { availability, updatedAt: new Date() },
      $setOnInsert: { name: null },
    });
  }

  /** Two upserts of a new agent at once (two tabs connecting): the loser updates instead. */
  private async upsert(agentId: string, update: Record<string, Record<string, unknown>>) {
    try {
      await this.models.Agent.updateOne({ agentId }, update, { upsert: true });
    } catch (err) {
      if (!isDuplicateKey(err)) throw err;
      await this.models.Agent.updateOne({ agentId }, { $set: update.$set });
    }
  }

  /** Routing gave this agent a room now: the next tie goes to whoever waited longer. */
  async routed(agentId: string, at: Date): Promise<void> {
    await this.models.Agent.updateOne({ agentId }, { $set: { lastRoutedAt: at } });
  }

  async find(agentId: string): Promise<AgentRecord | null> {
    const doc = await this.models.Agent.findOne({ agentId }).lean<AgentDoc>();
    return doc ? toRecord(doc) : null;
  }

  async list(): Promise<AgentRecord[]> {
    const docs = await this.models.Agent.find({}).sort({ agentId: 1 }).lean<AgentDoc[]>();
    return docs.map(toRecord);
  }
}
