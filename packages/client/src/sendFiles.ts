import { ChatError, ErrorCode, LIMITS, type Attachment } from "@switchboard/protocol";
import type { NativeFile, UploadOptions } from "./http.ts";
import type { ChatMessage } from "./types.ts";

/** Files uploaded at the same time by one `sendFiles`. */
export const UPLOAD_CONCURRENCY = 3;

/** Options of `client.sendFiles`. */
export interface SendFilesOptions {
  /** Progress of file `index` (into `files`): bytes sent of `total`, as `upload` reports it. */
  onProgress?: (index: number, loaded: number, total: number) => void;
  /** File `index` is uploaded (e.g. to cache the local file under `attachment.url`). */
  onUploaded?: (index: number, attachment: Attachment) => void;
  /** File `index` failed to upload: it is left out of the message. */
  onError?: (index: number, error: Error) => void;
  /** Aborts the uploads still running; `sendFiles` then rejects with an `AbortError`, nothing sent. */
  signal?: AbortSignal;
  /**
   * The file names the server records, by index into `files` (see `UploadOptions.name`), e.g.
   * the name a React Native image picker reports. Default: each file's own `name`.
   */
  names?: readonly (string | undefined)[];
}

/** A file of `sendFiles` that did not upload. */
export interface UploadFailure {
  /** Its index in `files`. */
  index: number;
  /** Usually a `ChatError`: `TOO_LARGE`, `VALIDATION` (a type the server refuses), `RATE_LIMITED`, ... */
  error: Error;
}

/** What `client.sendFiles` did. */
export interface SendFilesResult {
  /** The queued message (pending, see `send`), or null when nothing was sent. */
  message: ChatMessage | null;
  /** The attachments of the files that uploaded, in the order of `files`. */
  attachments: Attachment[];
  /** The files that did not upload, by index. */
  failures: UploadFailure[];
}

/** What {@link uploadThenSend} works with: a client's `upload` and `send`. */
export interface UploadThenSendDeps {
  /** Uploads one file, as `client.upload`: resolves with its attachment. */
  upload(file: Blob | NativeFile, options?: UploadOptions): Promise<Attachment>;
  /** Queues the message, as `client.send`: returns its pending copy. */
  send(roomId: string, content: string, attachments?: Attachment[]): ChatMessage;
}

function abortError(): Error {
  const error = new Error("the upload was aborted");
  error.name = "AbortError";
  return error;
}

const asError = (e: unknown) => (e instanceof Error ? e : new Error(String(e)));

/**
 * Upload-then-send, the rule of `client.sendFiles` (see its documentation), over any `upload`
 * and `send`: for a client of the host's own (a wrapper, a UI harness's fake) that must behave
 * as the SDK's. Uploads at most {@link UPLOAD_CONCURRENCY} files at a time, then queues ONE
 * message with `text` and the attachments that uploaded; failed files are left out and
 * reported; nothing is sent when no file uploaded, or on abort.
 *
 * @param deps - The `upload` and `send` to use (a `ChatClient` is one).
 * @param roomId - The room to send to.
 * @param text - The message's text ("" for files alone).
 * @param files - At most `LIMITS.attachmentsMax`; none: a plain `send`.
 * @param options - Progress, per-file callbacks, names, abort.
 * @returns The queued message (or null), the attachments and the failures.
 *
 * @example
 * ```ts
 * const client: ChatClient = {
 *   ...others,
 *   upload: fakeUpload,
 *   send: fakeSend,
 *   sendFiles: (roomId, text, files, options) =>
 *     uploadThenSend(client, roomId, text, files, options),
 * };
 * ```
 */
export async function uploadThenSend(
  deps: UploadThenSendDeps,
  roomId: string,
  text: string,
  files: readonly (Blob | NativeFile)[],
  options: SendFilesOptions = {},
): Promise<SendFilesResult> {
  const { signal } = options;
  if (files.length > LIMITS.attachmentsMax) {
    const message = `at most ${LIMITS.attachmentsMax} files per message`;
    throw new ChatError(ErrorCode.VALIDATION, message);
  }
  if (signal?.aborted) throw abortError();
  if (files.length === 0) {
    return { message: deps.send(roomId, text), attachments: [], failures: [] };
  }
  const uploaded: (Attachment | undefined)[] = [];
  const failures: UploadFailure[] = [];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < files.length && !signal?.aborted; i = next++) {
      const onProgress = (loaded: number, total: number) => options.onProgress?.(i, loaded, total);
      try {
        const name = options.names?.[i];
        const attachment = await deps.upload(files[i]!, {
          onProgress,
          ...(name === undefined ? {} : { name }),
          ...(signal ? { signal } : {}),
        });
        uploaded[i] = attachment;
        options.onUploaded?.(i, attachment);
      } catch (e) {
        if (signal?.aborted) return;
        const error = asError(e);
        failures.push({ index: i, error });
        options.onError?.(i, error);
      }
    }
  };
  const workers = Math.min(UPLOAD_CONCURRENCY, files.length);
  await Promise.all(Array.from({ length: workers }, worker));
  if (signal?.aborted) throw abortError();
  const attachments = uploaded.filter((a): a is Attachment => a !== undefined);
  failures.sort((a, b) => a.index - b.index);
  const message = attachments.length > 0 ? deps.send(roomId, text, attachments) : null;
  return { message, attachments, failures };
}
