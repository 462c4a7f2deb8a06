import { createReadStream } from "node:fs";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Readable } from "node:stream";

/** Where uploaded bytes live. The default is a folder; a host may plug in object storage. */
export interface FileStore {
  /** Stores a new file under `key` (a server-issued 24-hex-digit id). */
  put(key: string, bytes: Uint8Array): Promise<void>;
  /** Streams the file stored under `key`. */
  get(key: string): Readable;
  /**
   * Deletes the file under `key`, if there is one (a customer's erasure, retention). A store
   * without it keeps the bytes when their records are erased: implement it.
   */
  delete?(key: string): Promise<void>;
}

/** Files under one directory (`UPLOAD_DIR`), named by their server-issued key. */
export class DiskFileStore implements FileStore {
  constructor(private readonly dir: string) {}

  async put(key: string, bytes: Uint8Array): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await writeFile(this.file(key), bytes, { flag: "wx" });
  }

  get(key: string): Readable {
    return createReadStream(this.file(key));
  }

  async delete(key: string): Promise<void> {
    await rm(this.file(key), { force: true });
  }

  private file(key: string): string {
    // Keys are server-made hex ids; the check keeps a bad one from leaving the folder.
    if (!/^[0-9a-f]{24}$/.test(key)) throw new Error(`bad storage key ${key}`);
    return path.join(this.dir, key);
  }
}
