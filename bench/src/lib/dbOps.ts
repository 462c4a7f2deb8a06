// Database operations per stored message (issue 11, target 2), from the server's own
// count of the commands its driver sent (`DB_COMMAND_METRICS=on`: the driver's command
// monitoring) and of the messages it stored, both read from its /metrics per load level.
import type { Level, LoadGroup } from "../scenarios/load.ts";

/** What one level cost the database. */
export interface DbOps {
  /** Commands sent per message stored in the level (connections and joins excluded). */
  perMessage: number;
  byCommand: Record<string, number>;
  stored: number;
}

interface Counts {
  commands: Record<string, number>;
  stored: number;
}

/** The server's counts so far: commands by name, messages stored. */
export async function scrape(url: string): Promise<Counts> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const commands: Record<string, number> = {};
  for (const [, command, n] of text.matchAll(
    /^switchboard_db_commands_total\{command="(\w+)"\} (\d+)$/gm,
  ))
    commands[command!] = Number(n);
  const stored = Number(/^switchboard_messages_stored_total (\d+)$/m.exec(text)?.[1] ?? 0);
  return { commands, stored };
}

/**
 * The same load group, each level also counting the database commands the server sent
 * while it ran (the server must run with `DB_COMMAND_METRICS=on`).
 */
export function countingDbOps(group: LoadGroup, serverUrl: string): LoadGroup {
  const counted = async (run: () => Promise<Level>): Promise<Level> => {
    const before = await scrape(serverUrl);
    const level = await run();
    const after = await scrape(serverUrl);
    const byCommand: Record<string, number> = {};
    for (const [command, n] of Object.entries(after.commands)) {
      const d = n - (before.commands[command] ?? 0);
      if (d > 0) byCommand[command] = d;
    }
    const stored = after.stored - before.stored;
    const total = Object.values(byCommand).reduce((a, b) => a + b, 0);
    const dbOps: DbOps = { perMessage: stored > 0 ? total / stored : NaN, byCommand, stored };
    return { ...level, dbOps };
  };
  return {
    target: group.target,
    close: () => group.close(),
    level: (rate, seconds) => counted(() => group.level(rate, seconds)),
    closed: (perRoom, seconds) => counted(() => group.closed(perRoom, seconds)),
  };
}
