// V8 heap snapshots of a server process, taken from outside: the process runs with
// `--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=<dir>`, SIGUSR2 makes it collect garbage and
// write `<dir>/Heap.*.heapsnapshot`, and `summarizeSnapshot` adds up the live objects' own sizes by
// kind (constructor for objects, function name for closures). Two summaries, before and after
// opening N sockets, give what each socket keeps on the JavaScript heap and by what.
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Node flags that let `snapshot` ask the process for a heap snapshot into `dir`. */
export const heapSnapshotArgs = (dir: string) => [
  "--heapsnapshot-signal=SIGUSR2",
  `--diagnostic-dir=${dir}`,
];

/** Signals `pid`, waits for its snapshot file to be complete and returns its path. */
export async function snapshot(pid: number, dir: string, timeoutMs = 180_000): Promise<string> {
  const before = new Set(await readdir(dir));
  process.kill(pid, "SIGUSR2");
  const deadline = Date.now() + timeoutMs;
  let file: string | undefined;
  let size = -1;
  while (Date.now() < deadline) {
    await sleep(500);
    file ??= (await readdir(dir)).find((f) => f.endsWith(".heapsnapshot") && !before.has(f));
    if (!file) continue;
    const now = (await stat(path.join(dir, file))).size;
    // The process writes the file on its main thread, then goes on: a size that stays the
    // same for half a second and ends in the JSON's last bracket is a finished file.
    if (now > 0 && now === size) {
      const text = await readFile(path.join(dir, file), "utf8");
      if (text.trimEnd().endsWith("}")) return path.join(dir, file);
    }
    size = now;
  }
  throw new Error(`no heap snapshot from ${pid} within ${timeoutMs} ms`);
}

export interface HeapSummary {
  /** Bytes of every live object together (their own sizes). */
  total: number;
  /** Kind -> count and own bytes. */
  kinds: Map<string, { count: number; bytes: number }>;
}

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/** Adds up a snapshot's objects by kind: `Socket`, `closure onConnection`, `string`, ... */
export async function summarizeSnapshot(file: string): Promise<HeapSummary> {
  const snap = JSON.parse(await readFile(file, "utf8")) as Snapshot;
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const width = fields.length;
  const [iType, iName, iSize] = ["type", "name", "self_size"].map((f) => fields.indexOf(f));
  const kinds = new Map<string, { count: number; bytes: number }>();
  let total = 0;
  for (let i = 0; i < snap.nodes.length; i += width) {
    const type = types[snap.nodes[i + iType!]!]!;
    const name = snap.strings[snap.nodes[i + iName!]!]!;
    const bytes = snap.nodes[i + iSize!]!;
    const kind = kindOf(type, name);
    const k = kinds.get(kind) ?? { count: 0, bytes: 0 };
    k.count++;
    k.bytes += bytes;
    kinds.set(kind, k);
    total += bytes;
  }
  return { total, kinds };
}

function kindOf(type: string, name: string): string {
  switch (type) {
    case "object":
      return name;
    case "closure":
      return `closure ${name || "(anonymous)"}`;
    case "string":
    case "concatenated string":
    case "sliced string":
      return "(strings)";
    case "code":
      return "(compiled code)";
    case "number":
      return "(heap numbers)";
    default:
      return `(${type}) ${name.length > 40 ? name.slice(0, 40) + "…" : name}`;
  }
}

/** What grew between two summaries, per socket: total, and the biggest kinds. */
export function perSocket(before: HeapSummary, after: HeapSummary, sockets: number, top = 12) {
  const rows: { kind: string; "objects/socket": number; "bytes/socket": number }[] = [];
  for (const [kind, a] of after.kinds) {
    const b = before.kinds.get(kind) ?? { count: 0, bytes: 0 };
    rows.push({
      kind,
      "objects/socket": Math.round((100 * (a.count - b.count)) / sockets) / 100,
      "bytes/socket": Math.round((a.bytes - b.bytes) / sockets),
    });
  }
  rows.sort((x, y) => y["bytes/socket"] - x["bytes/socket"]);
  return {
    "heap KiB/socket": Math.round((10 * (after.total - before.total)) / sockets / 1024) / 10,
    top: rows.slice(0, top),
  };
}
