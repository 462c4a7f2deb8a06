import {
  ChatError,
  ErrorCode,
  HTTP_STATUS,
  type Attachment,
  type ChatStats,
} from "@switchboard/protocol";

/** What the SDK passes to a {@link FetchLike}: a subset of `fetch`'s `RequestInit`. */
export interface FetchInit {
  /** The HTTP method; `GET` when absent. */
  method?: string;
  /** Request headers; always `Authorization: Bearer <token>`. */
  headers: Record<string, string>;
  /**
   * The multipart body of an upload, or a JSON text (with `Content-Type: application/json`)
   * of a call that writes, e.g. `createCanned`.
   */
  body?: FormData | string;
  /** Aborts the request (an upload's `signal`). */
  signal?: AbortSignal;
}

/** The part of `fetch`'s `Response` the SDK reads. */
export interface FetchResponseLike {
  /** Whether the status is 2xx. */
  readonly ok: boolean;
  /** The HTTP status. */
  readonly status: number;
  /** The response headers (the SDK reads `Retry-After`). */
  readonly headers: {
    /** A header's value, or null without it. */
    get(name: string): string | null;
  };
  /** The body as text (JSON answers and errors). */
  text(): Promise<string>;
  /** The body as bytes (downloaded files). */
  blob(): Promise<Blob>;
}

/**
 * A `fetch`: the global one, or a host's wrapper (interceptors, a shared agent, logging).
 * `globalThis.fetch` is one. The SDK always calls it with an absolute URL on the chat server
 * and an `Authorization: Bearer` header.
 *
 * @example
 * ```ts
 * const hostFetch: FetchLike = (url, init) => {
 *   log.debug("chat http", init.method ?? "GET", url);
 *   return fetch(url, { ...init, headers: { ...init.headers, "X-Request-Id": newId() } });
 * };
 * createChatClient({ url, getToken, fetch: hostFetch });
 * ```
 */
export type FetchLike = (url: string, init: FetchInit) => Promise<FetchResponseLike>;

/** What the HTTP calls need from the client's options. */
export interface HttpConfig {
  /** Server origin, as in `ChatClientOptions.url`. */
  url: string;
  getToken: () => string | Promise<string>;
  /** The host's fetch; default `globalThis.fetch` (read at each call). */
  fetch?: FetchLike;
}

/**
 * The fetch to call. Held in a local and called without a receiver: a browser's own
 * `fetch` throws "Illegal invocation" when called as a method of another object.
 */
function fetchOf(config: HttpConfig): FetchLike {
  return config.fetch ?? (globalThis.fetch as FetchLike);
}

/**
 * A file on a React Native device (what image pickers return): RN's `FormData` takes it
 * in place of a `Blob`.
 */
export interface NativeFile {
  /** The file's local URI (`file://`, `content://`). */
  uri: string;
  /** Its file name. */
  name?: string;
  /** Its MIME type. */
  type?: string;
}

/** Options of `upload`. */
export interface UploadOptions {
  /** The file name the server records (it keeps the stem, the extension follows the bytes). */
  name?: string;
  /**
   * Bytes sent so far of `total` (the request body: the file plus a little multipart
   * framing). Reported as the upload goes where XMLHttpRequest exists (browsers, React
   * Native) and no custom `fetch` was given to the client, else once at the end.
   */
  onProgress?: (loaded: number, total: number) => void;
  /** Aborts the upload; the promise rejects with an `AbortError`. */
  signal?: AbortSignal;
}

/** The part of XMLHttpRequest used here (the SDK's types do not include the DOM). */
interface Xhr {
  open(method: string, url: string): void;
  setRequestHeader(name: string, value: string): void;
  upload?: {
    onprogress: ((e: { lengthComputable: boolean; loaded: number; total: number }) => void) | null;
  };
  onload: (() => void) | null;
  onerror: (() => void) | null;
  onabort: (() => void) | null;
  readonly status: number;
  readonly responseText: string;
  getResponseHeader(name: string): string | null;
  send(body: FormData): void;
  abort(): void;
}

type XhrConstructor = new () => Xhr;

/** Browsers and React Native have it; Node does not (there the upload goes with fetch). */
const xhrClass = (): XhrConstructor | undefined =>
  (globalThis as { XMLHttpRequest?: XhrConstructor }).XMLHttpRequest;

interface HttpAnswer {
  status: number;
  body: string;
  retryAfter: string | null;
}

const CODE_BY_STATUS = new Map(Object.entries(HTTP_STATUS).map(([code, st]) => [st, code]));

function isNativeFile(file: Blob | NativeFile): file is NativeFile {
  return typeof (file as NativeFile).uri === "string";
}

/** The server's origin: only its own URLs ever get the bearer token. */
function originOf(url: string): string {
  return /^https?:\/\/[^/?#]+/i.exec(url)?.[0] ?? url.replace(/\/+$/, "");
}

/**
 * An absolute URL on the chat server for `url` (a server path such as an attachment's
 * `/api/chat/files/<id>`, or a full URL on the same origin). Anything else is refused, so
 * that the token never goes to another host. (No `URL` class: React Native's is partial.)
 */
export function serverUrl(base: string, url: string): string {
  const origin = originOf(base);
  if (url.startsWith("/") && !url.startsWith("//")) return origin + url;
  if (url.toLowerCase().startsWith(origin.toLowerCase() + "/")) return url;
  throw new ChatError(ErrorCode.VALIDATION, "not a URL of this chat server");
}

function abortError(): Error {
  const error = new Error("the upload was aborted");
  error.name = "AbortError";
  return error;
}

type ErrorJson = { error?: { code?: unknown; message?: unknown } } | null;

function parseErrorJson(body: string): ErrorJson {
  try {
    return JSON.parse(body) as ErrorJson;
  } catch {
    return null; // A proxy's HTML error page: the status says what happened.
  }
}

/** The contract's error body, or one made from the status when the body is not JSON. */
function toError({ status, body, retryAfter }: HttpAnswer): ChatError {
  const parsed = parseErrorJson(body);
  const known = parsed?.error?.code;
  const code = (typeof known === "string" && known) || CODE_BY_STATUS.get(status) || "INTERNAL";
  const message = parsed?.error?.message;
  const wait = retryAfter && /^\d+$/.test(retryAfter) ? Number(retryAfter) * 1000 : undefined;
  return new ChatError(
    code as ErrorCode,
    typeof message === "string" ? message : `HTTP ${status}`,
    wait,
  );
}

function formFor(file: Blob | NativeFile, name: string): FormData {
  const form = new FormData();
  if (isNativeFile(file)) {
    const part = { uri: file.uri, name, type: file.type ?? "application/octet-stream" };
    form.append("file", part as unknown as Blob);
  } else {
    form.append("file", file, name);
  }
  return form;
}

/** XMLHttpRequest: the one browser (and React Native) API that reports upload progress. */
function postWithXhr(
  Request: XhrConstructor,
  url: string,
  token: string,
  form: FormData,
  opts: UploadOptions,
) {
  return new Promise<HttpAnswer>((resolve, reject) => {
    const xhr = new Request();
    const onAbort = () => xhr.abort();
    const done = () => opts.signal?.removeEventListener("abort", onAbort);
    xhr.open("POST", url);
    xhr.setRequestHeader("Authorization", `Bearer ${token}`);
    if (opts.onProgress && xhr.upload) {
      xhr.upload.onprogress = (e) => e.lengthComputable && opts.onProgress?.(e.loaded, e.total);
    }
    xhr.onload = () => {
      done();
      const retryAfter = xhr.getResponseHeader("Retry-After");
      resolve({ status: xhr.status, body: String(xhr.responseText ?? ""), retryAfter });
    };
    xhr.onerror = () => (done(), reject(new Error("network error during the upload")));
    xhr.onabort = () => (done(), reject(abortError()));
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    xhr.send(form);
  });
}

async function postWithFetch(
  doFetch: FetchLike,
  url: string,
  token: string,
  form: FormData,
  opts: UploadOptions,
) {
  const res = await doFetch(url, {
    method: "POST",
    headers: { Authorization: `Bearer ${token}` },
    body: form,
    ...(opts.signal ? { signal: opts.signal } : {}),
  });
  return { status: res.status, body: await res.text(), retryAfter: res.headers.get("Retry-After") };
}

/**
 * `POST /api/chat/upload`: resolves with the attachment to pass to `send`, rejects with a
 * {@link ChatError} (`VALIDATION`: type not allowed; `TOO_LARGE`; `UNAUTHORIZED`; ...).
 * Goes with XMLHttpRequest (progress as it goes) unless `config.fetch` is set or there is
 * no XMLHttpRequest (Node): then with fetch, and progress is reported once, at the end.
 */
export async function uploadFile(
  config: HttpConfig,
  file: Blob | NativeFile,
  opts: UploadOptions = {},
): Promise<Attachment> {
  if (opts.signal?.aborted) throw abortError();
  const name = opts.name ?? (file as { name?: string }).name ?? "file";
  const url = serverUrl(config.url, "/api/chat/upload");
  const token = await config.getToken();
  const form = formFor(file, name);
  // The end is reported in the unit the progress used (the body, or else the file).
  let total = isNativeFile(file) ? 1 : Math.max(1, file.size);
  const onProgress = (loaded: number, of: number) => opts.onProgress?.(loaded, (total = of));
  const tracked = { ...opts, onProgress: opts.onProgress && onProgress };
  const Request = config.fetch ? undefined : xhrClass();
  const answer = Request
    ? await postWithXhr(Request, url, token, form, tracked)
    : await postWithFetch(fetchOf(config), url, token, form, tracked);
  if (answer.status !== 201 && answer.status !== 200) throw toError(answer);
  opts.onProgress?.(total, total);
  return JSON.parse(answer.body) as Attachment;
}

/** GET a JSON route of the chat server with the bearer token. */
export function getJson<T>(config: HttpConfig, path: string): Promise<T> {
  return requestJson<T>(config, "GET", path);
}

/**
 * Calls a JSON route of the chat server with the bearer token: `body` goes as JSON, the
 * answer is parsed (`undefined` for an empty one, such as a 204). An answer other than 2xx
 * rejects with the contract's {@link ChatError} (`CONFLICT`, `NOT_FOUND`, ...).
 */
export async function requestJson<T>(
  config: HttpConfig,
  method: "GET" | "POST" | "PATCH" | "DELETE",
  path: string,
  body?: unknown,
): Promise<T> {
  const token = await config.getToken();
  const doFetch = fetchOf(config);
  const headers: Record<string, string> = {
    Authorization: `Bearer ${token}`,
    Accept: "application/json",
  };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const res = await doFetch(serverUrl(config.url, path), {
    ...(method === "GET" ? {} : { method }),
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  if (!res.ok)
    throw toError({ status: res.status, body: text, retryAfter: res.headers.get("Retry-After") });
  return (text ? JSON.parse(text) : undefined) as T;
}

/**
 * `GET /api/chat/stats` (admins): live counters of the server. Rejects with a
 * {@link ChatError} (`FORBIDDEN` for a non-admin token, `NOT_FOUND` on a server without it).
 */
export function fetchStats(config: HttpConfig): Promise<ChatStats> {
  return getJson<ChatStats>(config, "/api/chat/stats");
}

/** GET a file of the chat server with the bearer token (attachments are not public). */
export async function fetchFile(config: HttpConfig, url: string): Promise<Blob> {
  const target = serverUrl(config.url, url);
  const token = await config.getToken();
  const doFetch = fetchOf(config);
  const res = await doFetch(target, { headers: { Authorization: `Bearer ${token}` } });
  if (!res.ok) {
    const answer = { status: res.status, body: await res.text(), retryAfter: null };
    throw toError({ ...answer, retryAfter: res.headers.get("Retry-After") });
  }
  return res.blob();
}
