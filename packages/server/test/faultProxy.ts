import net from "node:net";
import { BSON } from "mongodb";

/** A database command as the proxy sees it: its body document (`{ insert: "coll", … }`). */
export type Command = Record<string, unknown>;

/**
 * A TCP proxy in front of the real database that can refuse chosen commands: the server
 * under test talks to the real database through it, and a test makes one write fail at
 * the wire, the way a database that went away between two writes does, without faking
 * the database. It reads the MongoDB wire protocol's OP_MSG frames only as far as the
 * command's body; everything else passes through untouched.
 */
export interface FaultProxy {
  /** `mongodb://127.0.0.1:<port>/`, to use as the server's base URI. */
  uri: string;
  /** Refuses the next `times` commands that `match` picks with a database error. */
  failNext(match: (cmd: Command) => boolean, times?: number): void;
  /** How many commands were refused so far. */
  readonly refused: number;
  /** Calls `listener` with every command the server sends from now on; returns its stop. */
  watch(listener: (cmd: Command) => void): () => void;
  close(): Promise<void>;
}

const OP_MSG = 2013;

export async function startFaultProxy(upstream: string): Promise<FaultProxy> {
  const { hostname, port } = new URL(upstream);
  let rule: { match: (cmd: Command) => boolean; times: number } | null = null;
  let refused = 0;
  const sockets = new Set<net.Socket>();
  const watchers = new Set<(cmd: Command) => void>();

  const server = net.createServer((client) => {
    const db = net.connect(Number(port), hostname);
    sockets.add(client).add(db);
    const drop = () => (client.destroy(), db.destroy());
    client.on("error", drop).on("close", drop);
    db.on("error", drop).on("close", drop);
    db.pipe(client);
    let buffered = Buffer.alloc(0);
    client.on("data", (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      while (buffered.length >= 4 && buffered.length >= buffered.readInt32LE(0)) {
        const frame = buffered.subarray(0, buffered.readInt32LE(0));
        buffered = buffered.subarray(frame.length);
        const cmd = commandOf(frame);
        if (cmd) watchers.forEach((watch) => watch(cmd));
        if (cmd && rule && rule.times > 0 && rule.match(cmd)) {
          rule.times--;
          refused++;
          client.write(errorReply(frame.readInt32LE(4)));
        } else {
          db.write(frame);
        }
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port: own } = server.address() as net.AddressInfo;
  return {
    uri: `mongodb://127.0.0.1:${own}/`,
    failNext(match, times = 1) {
      rule = { match, times };
    },
    get refused() {
      return refused;
    },
    watch(listener) {
      watchers.add(listener);
      return () => watchers.delete(listener);
    },
    async close() {
      sockets.forEach((s) => s.destroy());
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The body of an OP_MSG request, or null for anything else. */
function commandOf(frame: Buffer): Command | null {
  if (frame.readInt32LE(12) !== OP_MSG) return null;
  let at = 20; // header (16) and flagBits (4)
  while (at < frame.length) {
    const kind = frame[at]!;
    const size = frame.readInt32LE(at + 1);
    if (kind === 0) return BSON.deserialize(frame.subarray(at + 1, at + 1 + size)) as Command;
    at += 1 + size; // a document sequence (kind 1): its size covers its own header
  }
  return null;
}

/** An OP_MSG answer `{ ok: 0 }` to the request with id `requestId`. */
function errorReply(requestId: number): Buffer {
  const body = BSON.serialize({
    ok: 0,
    errmsg: "refused by the test's fault proxy",
    code: 2,
    codeName: "BadValue",
  });
  const header = Buffer.alloc(21);
  header.writeInt32LE(21 + body.length, 0);
  header.writeInt32LE(0x5eed, 4);
  header.writeInt32LE(requestId, 8);
  header.writeInt32LE(OP_MSG, 12);
  header.writeUInt32LE(0, 16);
  header.writeUInt8(0, 20);
  return Buffer.concat([header, body]);
}

/** Picks a write to one collection: `update`, `findAndModify` or `insert` of `collection`. */
export const writeTo =
  (verb: "update" | "findAndModify" | "insert", collection: string) => (cmd: Command) =>
    cmd[verb] === collection;
