/**
 * Which sockets each user has open on THIS node (several devices per user).
 * Cross-node presence goes through the Socket.IO adapter (`fetchSockets` on a user's
 * room), so this map is only a local index and never the truth for other nodes.
 */
export class LocalPresence {
  private readonly sockets = new Map<string, Set<string>>();

  add(userId: string, socketId: string): void {
    let set = this.sockets.get(userId);
    if (!set) this.sockets.set(userId, (set = new Set()));
    set.add(socketId);
  }

  remove(userId: string, socketId: string): void {
    const set = this.sockets.get(userId);
    if (!set) return;
    set.delete(socketId);
    if (set.size === 0) this.sockets.delete(userId);
  }

  socketsOf(userId: string): string[] {
    return [...(this.sockets.get(userId) ?? [])];
  }

  get userCount(): number {
    return this.sockets.size;
  }
}
