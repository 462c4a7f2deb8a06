import type { ChatClient } from "@switchboard/client";
import { ChatError } from "@switchboard/protocol";
import { useCallback, useEffect, useMemo, useSyncExternalStore } from "react";
import { useChatClient } from "../ChatProvider.tsx";
import { seedFile } from "../lib/fileCache.ts";
import { isImage } from "../lib/files.ts";

/** A file on its way: shown as an outgoing bubble until its message is queued. */
export interface UploadItem {
  /** Local id (`retry`, `cancel`). */
  id: string;
  /** The file's name, size in bytes and type. */
  name: string;
  size: number;
  mimeType: string;
  /** An object URL of the local file, for an instant preview of images. */
  preview: string | null;
  /** 0..1 */
  progress: number;
  /** Why the upload failed, in words for the user; null while it goes on. */
  error: string | null;
}

interface Job {
  file: File;
  abort: AbortController;
}

const REASONS: Record<string, string> = {
  TOO_LARGE: "This file is too large.",
  VALIDATION: "This kind of file can't be sent.",
  RATE_LIMITED: "Too many uploads at once. Try again in a moment.",
  UNAUTHORIZED: "Your session has expired.",
};

function reason(err: unknown): string {
  if (err instanceof ChatError) return REASONS[err.code] ?? "The upload failed.";
  return "The upload failed. Check your connection.";
}

/**
 * The uploads of one client, per scope (a room in the inbox, the conversation in the
 * widget). They live outside React, so an upload goes on when the agent switches rooms,
 * and its message goes to the scope's room of the moment it finishes (for the widget that
 * may be a new room, after the old one closed).
 */
class UploadStore {
  private items = new Map<string, UploadItem[]>();
  private readonly jobs = new Map<string, Job>();
  private readonly targets = new Map<string, string>();
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

  /** Where the scope's finished uploads are sent. */
  target(scope: string, roomId: string | null): void {
    if (roomId) this.targets.set(scope, roomId);
  }

  add(scope: string, files: File[]): void {
    for (const file of files) {
      const id = `up${++this.seq}`;
      const preview = isImage(file.type) ? URL.createObjectURL(file) : null;
      const item = { id, name: file.name, size: file.size, mimeType: file.type, preview };
      this.update(scope, (list) => [...list, { ...item, progress: 0, error: null }]);
      this.jobs.set(id, { file, abort: new AbortController() });
      this.run(scope, id);
    }
  }

  retry(scope: string, id: string): void {
    const job = this.jobs.get(id);
    if (!job) return;
    job.abort = new AbortController();
    this.patch(scope, id, { progress: 0, error: null });
    this.run(scope, id);
  }

  cancel(scope: string, id: string): void {
    this.jobs.get(id)?.abort.abort();
    this.finish(scope, id);
  }

  private run(scope: string, id: string): void {
    const job = this.jobs.get(id);
    if (!job) return;
    const onProgress = (sent: number, total: number) =>
      this.patch(scope, id, { progress: total > 0 ? sent / total : 0 });
    this.client
      .upload(job.file, { name: job.file.name, onProgress, signal: job.abort.signal })
      .then(
        (attachment) => {
          if (job.abort.signal.aborted) return;
          seedFile(attachment.url, job.file);
          const roomId = this.targets.get(scope);
          if (roomId) this.client.send(roomId, "", [attachment]);
          this.finish(scope, id);
        },
        (err: unknown) => {
          if (!job.abort.signal.aborted) this.patch(scope, id, { error: reason(err) });
        },
      );
  }

  private finish(scope: string, id: string): void {
    const item = this.list(scope).find((i) => i.id === id);
    if (item?.preview) URL.revokeObjectURL(item.preview);
    this.jobs.delete(id);
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
 * each file uploads with progress, shows as an outgoing bubble meanwhile
 * (`UploadBubbles`), and goes out as a message to the scope's room of the moment it
 * finishes (`roomId`, which may change, e.g. to the visitor's new room after the old one
 * closed). Uploads live outside React: they go on while the view changes.
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
