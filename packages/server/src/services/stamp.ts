/**
 * A new message's time: now, but always after the room's newest entry (message, note or activity), so that within a
 * room the wire's (createdAt, id) order is the order of writing even when the nodes' clocks
 * disagree (sends into one room are written one at a time, under its lock). A client that
 * holds a room's newest message therefore holds everything before it.
 */
export function stampAfter(now: Date, lastEntryAt: string | null): Date {
  const floor = lastEntryAt ? Date.parse(lastEntryAt) + 1 : 0;
  return now.getTime() >= floor ? now : new Date(floor);
}
