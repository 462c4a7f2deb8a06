import type { ChatClient } from "@switchboard/client";
import { ChatError, type Attachment } from "@switchboard/protocol";
import { useCallback, useEffect, useMemo, useSyncExternalStore } from "react";
import { useChatClient } from "../ChatProvider.tsx";
import { seedFile } from "../lib/fileCache.ts";
import { translator, type MessageKey } from "../i18n/index.ts";
import { isImage } from "../lib/files.ts";

/** A file on its way: shown as an outgoing bubble until its message is queued. */
export interface UploadItem {
  /** Local id (`retry`, `cancel`). */
  id: string;
  /** The file's name. */
  name: string;
  /** The file's size, in bytes. */
  size: number;
  /** The file's MIME type, e.g. `image/png`. */
  mimeType: string;
  /** An object URL of the local file, for an instant preview of images. */
  preview: string | null;
  /** How much is uploaded, 0 to 1. */
  progress: number;
  /** Why the upload failed, in words for the user (English); null while it goes on. */
  error: string | null;
  /** Why it failed, as a key of the chat's words (what `UploadBubbles` shows, translated). */
  errorKey?: MessageKey | null;
}

interface Job {
  file: File;
  abort: AbortController;
}

const REASONS: Record<string, MessageKey> = {
  TOO_LARGE: "uploads.TOO_LARGE",
  VALIDATION: "uploads.VALIDATION",
  RATE_LIMITED: "uploads.RATE_LIMITED",
  UNAUTHORIZED: "uploads.UNAUTHORIZED",
};

const english = translator("en");

/** Why an upload failed: the key of its words, and those words in English. */
function reason(err: unknown): { error: string; errorKey: MessageKey } {
  const errorKey: MessageKey =
    err instanceof ChatError ? (REASONS[err.code] ?? "uploads.failed") : "uploads.offline";
  return { error: english(errorKey), errorKey };
}

/**
 * The uploads of one client, per scope (a room in the inbox, the conversation in the
 * widget). They live outside React, so an upload goes on when the agent switches rooms.
 * Each file is its own upload-then-send (`client.sendFiles` with one file): its message goes
 * out as soon as it is uploaded, to the scope's room (a customer's closed room is followed
 * by the SDK into the next one). A file added before the scope has a room waits for it.
 */
class UploadStore {
  private items = new Map<string, UploadItem[]>();
  private readonly jobs = new Map<string, Job>();
  private readonly targets = new Map<string, string>();
  /** Jobs added before their scope had a room, by scope. */
  private readonly waiting = new Map<string, string[]>();
  private readonly listeners = new Set<() => void>();
  private seq = 0;

  constructor(private readonly client: ChatClient) {}

  subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  };

  list(scope: string): UploadItem[] {
    return this.items.get(scope) ?? NONE;
  }

  /** Where the scope's uploads are sent; starts those that waited for a room. */
  target(scope: string, roomId: string | null): void {
    if (!roomId) return;
    this.targets.set(scope, roomId);
    const waiting = this.waiting.get(scope) ?? [];
    this.waiting.delete(scope);
    waiting.forEach((id) => this.run(scope, id));
  }

  add(scope: string, files: File[]): void {
    for (const file of files) {
      const id = `up${++this.seq}`;
      const preview = isImage(file.type) ? URL.createObjectURL(file) : null;
      const item = { id, name: file.name, size: file.size, mimeType: file.type, preview };
      this.update(scope, (list) => [
        ...list,
        { ...item, progress: 0, error: null, errorKey: null },
      ]);
      this.jobs.set(id, { file, abort: new AbortController() });
      this.run(scope, id);
    }
  }

  retry(scope: string, id: string): void {
    const job = this.jobs.get(id);
    if (!job) return;
    job.abort = new AbortController();
    this.patch(scope, id, { progress: 0, error: null, errorKey: null });
    this.run(scope, id);
  }

  cancel(scope: string, id: string): void {
    this.jobs.get(id)?.abort.abort();
    this.finish(scope, id);
  }

  private run(scope: string, id: string): void {
    const job = this.jobs.get(id);
    if (!job) return;
    const roomId = this.targets.get(scope);
    if (!roomId) {
      this.waiting.set(scope, [...(this.waiting.get(scope) ?? []), id]);
      return;
    }
    const { signal } = job.abort;
    const options = {
      signal,
      onProgress: (_index: number, sent: number, total: number) =>
        this.patch(scope, id, { progress: total > 0 ? sent / total : 0 }),
      // The sender already has the bytes: shown from them, downloaded never.
      onUploaded: (_index: number, attachment: Attachment) => seedFile(attachment.url, job.file),
    };
    this.client.sendFiles(roomId, "", [job.file], options).then(
      ({ message, failures }) => {
        if (signal.aborted) return;
        if (message) this.finish(scope, id);
        else this.patch(scope, id, reason(failures[0]?.error));
      },
      (err: unknown) => {
        if (!signal.aborted) this.patch(scope, id, reason(err));
      },
    );
  }

  private finish(scope: string, id: string): void {
    const item = this.list(scope).find((i) => i.id === id);
    if (item?.preview) URL.revokeObjectURL(item.preview);
    this.jobs.delete(id);
    const waiting = this.waiting.get(scope);
    if (waiting)
      this.waiting.set(
        scope,
        waiting.filter((w) => w !== id),
      );
    this.update(scope, (list) => list.filter((i) => i.id !== id));
  }

  private patch(scope: string, id: string, change: Partial<UploadItem>): void {
    this.update(scope, (list) => list.map((i) => (i.id === id ? { ...i, ...change } : i)));
  }

  private update(scope: string, change: (list: UploadItem[]) => UploadItem[]): void {
    this.items = new Map(this.items).set(scope, change(this.list(scope)));
    this.listeners.forEach((l) => l());
  }
}

const NONE: UploadItem[] = [];
const stores = new WeakMap<ChatClient, UploadStore>();

function storeOf(client: ChatClient): UploadStore {
  let store = stores.get(client);
  if (!store) stores.set(client, (store = new UploadStore(client)));
  return store;
}

/** What {@link useUploads} returns. */
export interface Uploads {
  /** The scope's files on their way, oldest first. */
  items: readonly UploadItem[];
  /** Starts uploading files (check them first: `useFilePicker`). */
  add(files: File[]): void;
  /** Uploads a failed file again. */
  retry(id: string): void;
  /** Stops an upload (or removes a failed one). */
  cancel(id: string): void;
}

/**
 * Upload-then-send for a scope (a room in an agent's inbox, the conversation in the widget):
 * each file goes through the SDK's `client.sendFiles` on its own (one message per file,
 * sent as soon as it is uploaded), shows as an outgoing bubble meanwhile (`UploadBubbles`),
 * and can be retried or cancelled. The message goes to the scope's room (`roomId`; the SDK
 * moves a customer's message from a closed room into the next one); files added before the
 * scope has a room wait for it. Uploads live outside React: they go on while the view changes.
 *
 * @param scope - Whose uploads: a room id in an inbox, a fixed name (`"widget"`) for a
 *   customer's one conversation.
 * @param roomId - The scope's room now; null until it is known (files added meanwhile wait).
 * @returns The scope's uploads and `add`, `retry`, `cancel`.
 *
 * @example
 * ```tsx
 * const uploads = useUploads(roomId, roomId);
 * const picker = useFilePicker(uploads.add);
 * <Composer onSend={send} onAttach={picker.take} attachError={picker.error} />
 * ```
 */
export function useUploads(scope: string, roomId: string | null): Uploads {
  const client = useChatClient();
  const store = storeOf(client);
  useEffect(() => store.target(scope, roomId), [store, scope, roomId]);
  const get = useCallback(() => store.list(scope), [store, scope]);
  const items = useSyncExternalStore(store.subscribe, get, get);
  const actions = useMemo(
    () => ({
      add: (files: File[]) => store.add(scope, files),
      retry: (id: string) => store.retry(scope, id),
      cancel: (id: string) => store.cancel(scope, id),
    }),
    [store, scope],
  );
  return { items, ...actions };
}
