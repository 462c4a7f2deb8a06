import { randomBytes, timingSafeEqual } from "node:crypto";
import { Types } from "mongoose";
import { fileTypeFromBuffer } from "file-type";
import type { Readable } from "node:stream";
import { ChatError, type Attachment, type MessageKind } from "@switchboard/protocol";
import type { Identity } from "../auth/tokens.ts";
import type { UploadRecord, UploadRepository } from "../persistence/uploadRepository.ts";
import type { FileStore } from "../storage/fileStore.ts";
import type { RoomAccess } from "./access.ts";

/** Types accepted by default, judged from the bytes: images and PDF, nothing executable. */
export const DEFAULT_ALLOWED_TYPES = [
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "application/pdf",
];
export const DEFAULT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
export const FILES_PATH = "/api/chat/files/";
/**
 * A file's id in its URL: the record's id and a random secret (`<24 hex>-<32 hex>`), so that
 * knowing one file's URL (ObjectIds count up) tells nothing of another's. Files uploaded
 * before secrets existed keep their bare 24-hex-digit URL.
 */
const FILE_ID = /^([0-9a-f]{24})(?:-([0-9a-f]{32}))?$/;

export interface UploadServiceDeps {
  uploads: UploadRepository;
  store: FileStore;
  access: RoomAccess;
  allowedTypes?: string[];
}

/** Uploads: type checked on the bytes, owned by the uploader until a message carries them. */
export class UploadService {
  private readonly allowed: Set<string>;

  constructor(private readonly deps: UploadServiceDeps) {
    this.allowed = new Set(deps.allowedTypes ?? DEFAULT_ALLOWED_TYPES);
  }

  async upload(user: Identity, file: { bytes: Uint8Array; name: string }): Promise<Attachment> {
    // No real file is named so; a NUL is a probe for code that cuts C strings at it. Other
    // odd characters are only dropped from the stored name (safeName).
    if (file.name.includes("\u0000"))
      throw new ChatError("VALIDATION", "the file name must not contain NUL");
    const type = await fileTypeFromBuffer(file.bytes);
    if (!type || !this.allowed.has(type.mime)) {
      throw new ChatError("VALIDATION", `file type not allowed (${type?.mime ?? "unknown"})`);
    }
    const id = new Types.ObjectId().toHexString();
    await this.deps.store.put(id, file.bytes);
    const record = await this.deps.uploads.create(
      {
        ownerId: user.userId,
        storageKey: id,
        name: safeName(file.name, type.ext),
        size: file.bytes.length,
        mimeType: type.mime,
        secret: randomBytes(16).toString("hex"),
      },
      id,
    );
    return toAttachment(record);
  }

  /**
   * The stored form of a message's attachments: each must be one this server uploaded for
   * the sender and not yet attached in another room. Client-sent metadata is replaced by
   * what the server recorded.
   */
  async resolve(user: Identity, roomId: string, attachments: Attachment[]): Promise<Attachment[]> {
    const resolved: Attachment[] = [];
    for (const a of attachments) {
      const record = a.url.startsWith(FILES_PATH)
        ? await this.find(a.url.slice(FILES_PATH.length))
        : null;
      if (
        !record ||
        record.ownerId !== user.userId ||
        (record.roomId && record.roomId !== roomId)
      ) {
        throw new ChatError("VALIDATION", "attachments must be files this server uploaded for you");
      }
      resolved.push(toAttachment(record));
    }
    return resolved;
  }

  /**
   * Binds resolved attachments to the room, before the message that carries them is
   * counted. A note's files are the room's agents' only, until a message the customer sees
   * carries them too.
   */
  async bind(roomId: string, attachments: Attachment[], kind: MessageKind): Promise<void> {
    for (const a of attachments) {
      const id = FILE_ID.exec(a.url.slice(FILES_PATH.length))![1]!;
      await this.deps.uploads.bindToRoom(id, roomId, kind === "note" ? "agents" : "all");
    }
  }

  /**
   * A file for download: its uploader, or a member of the room that a message shared it in
   * (agents only, for a file only notes carry). Anything the caller may not read is
   * NOT_FOUND, as a file that does not exist: a probe learns nothing.
   */
  async open(user: Identity, id: string): Promise<{ record: UploadRecord; stream: Readable }> {
    const record = await this.find(id);
    if (!record || !(await this.mayRead(user, record)))
      throw new ChatError("NOT_FOUND", "file not found");
    return { record, stream: this.deps.store.get(record.storageKey) };
  }

  private async mayRead(user: Identity, record: UploadRecord): Promise<boolean> {
    if (record.ownerId === user.userId) return true;
    if (!record.roomId) return false;
    if (record.audience === "agents" && user.role !== "admin") return false;
    return this.deps.access.roomFor(user, record.roomId).then(
      () => true,
      (err: unknown) => {
        if (err instanceof ChatError) return false;
        throw err;
      },
    );
  }

  /** The upload a URL's file id names, when its secret (if it has one) matches. */
  private async find(fileId: string): Promise<UploadRecord | null> {
    const match = FILE_ID.exec(fileId);
    if (!match) return null;
    const record = await this.deps.uploads.findById(match[1]!);
    if (!record) return null;
    const given = match[2] ?? null;
    if (record.secret === null) return given === null ? record : null;
    if (given === null || given.length !== record.secret.length) return null;
    return timingSafeEqual(Buffer.from(given), Buffer.from(record.secret)) ? record : null;
  }
}

const toAttachment = (r: UploadRecord): Attachment => ({
  url: FILES_PATH + (r.secret ? `${r.id}-${r.secret}` : r.id),
  name: r.name,
  size: r.size,
  mimeType: r.mimeType,
});

/** A display name without paths or control characters, with the real type's extension. */
function safeName(name: string, ext: string): string {
  const base = (name.split(/[\\/]/).pop() ?? "")
    .replace(/[^\p{L}\p{N} ._()-]/gu, "")
    .trim()
    .slice(0, 120);
  const stem = base.replace(/\.[^.]*$/, "") || "file";
  return `${stem}.${ext}`;
}
