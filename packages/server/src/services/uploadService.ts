import { Types } from "mongoose";
import { fileTypeFromBuffer } from "file-type";
import type { Readable } from "node:stream";
import { ChatError, type Attachment } from "@switchboard/protocol";
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
      const id = a.url.startsWith(FILES_PATH) ? a.url.slice(FILES_PATH.length) : "";
      const record = /^[0-9a-f]{24}$/.test(id) ? await this.deps.uploads.findById(id) : null;
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

  /** Binds resolved attachments to the room once the message is stored. */
  async bind(roomId: string, attachments: Attachment[]): Promise<void> {
    for (const a of attachments)
      await this.deps.uploads.bindToRoom(a.url.slice(FILES_PATH.length), roomId);
  }

  /** A file for download: its uploader, or a member of the room that a message shared it in. */
  async open(user: Identity, id: string): Promise<{ record: UploadRecord; stream: Readable }> {
    const record = /^[0-9a-f]{24}$/.test(id) ? await this.deps.uploads.findById(id) : null;
    if (!record) throw new ChatError("NOT_FOUND", "file not found");
    if (record.ownerId !== user.userId) {
      if (!record.roomId) throw new ChatError("FORBIDDEN", "not your file");
      await this.deps.access.roomFor(user, record.roomId);
    }
    return { record, stream: this.deps.store.get(record.storageKey) };
  }
}

const toAttachment = (r: UploadRecord): Attachment => ({
  url: FILES_PATH + r.id,
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
