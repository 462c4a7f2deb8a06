import {
  AuthErrorCode,
  CHAT_NAMESPACE,
  type Ack,
  type ClientEventData,
  type ClientEventName,
  type ClientToServerEvents,
  type ServerEventName,
  type ServerToClientEvents,
} from "@switchboard/protocol";
import { io, type Socket } from "socket.io-client";
import { refreshDelayMs, tokenTimeLeftMs } from "./identity.ts";
import { backoffDelay, type AckEmitter, type ClientEventPayload } from "./transport.ts";
import type { ChatClientOptions, ConnectionStatus } from "./types.ts";

type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type ConnectError = Error & { data?: { code?: string } };

/** What the socket service needs to open the connection. */
export type SocketServiceConfig = Pick<
  ChatClientOptions,
  "url" | "getToken" | "socketOptions" | "tokenRefreshLeadMs"
>;

/** Callbacks through which the socket service reports its lifecycle. */
export interface SocketServiceHooks {
  /** Every change of the connection status. */
  onStatus(status: ConnectionStatus): void;
  /** After every successful connect, the first and every reconnect. */
  onConnect(): void;
  /** After every drop, and after `disconnect()`. */
  onDisconnect(): void;
  /** Each token `getToken` returned, before it is sent. */
  onToken?(token: string): void;
  /** The server refused the token for good (`UNAUTHORIZED`); reconnection stopped. */
  onAuthError?(code: string, error: Error): void;
}

/** The SDK's view of the Socket.IO connection. */
export interface SocketService extends AckEmitter {
  /** Opens the connection; it reconnects by itself until `disconnect()`. */
  connect(): void;
  /** Closes the connection and stops reconnecting; status `offline`. */
  disconnect(): void;
  /** Subscribes to a server event; returns the unsubscribe function. */
  on<E extends ServerEventName>(event: E, handler: ServerToClientEvents[E]): () => void;
}

/**
 * Wraps socket.io-client for the chat namespace.
 *
 * - The token is fetched by the `auth` callback, so every (re)connect attempt sends a
 *   fresh one from `getToken`.
 * - Before the live socket's token expires (see
 *   {@link ChatClientOptions.tokenRefreshLeadMs}) it asks `getToken` again and hands the new
 *   token to the server (`refresh-token`), so the socket stays up.
 *   If that fails, the server's `session-expired` at expiry makes it reconnect at once with
 *   a fresh token; queued sends wait for the reconnect.
 * - Status: `connecting` until the first connect, `online`, `reconnecting` after a drop,
 *   `offline` after `disconnect()` (or a token refused for good).
 * - Socket.IO reconnects by itself after network trouble, but not after the server
 *   refused the handshake or closed the socket: then this service retries with backoff,
 *   unless the refusal was `UNAUTHORIZED` (a `TOKEN_EXPIRED` refusal keeps retrying).
 *
 * @example
 * ```ts
 * const service = createSocketService(
 *   { url: "https://chat.example.com", getToken: () => auth.token() },
 *   { onStatus: console.log, onConnect: () => resync(), onDisconnect: () => queue.pause() },
 * );
 * service.connect();
 * const ack = await service.request("join-chat", {}, 10_000);
 * ```
 */
export function createSocketService(
  config: SocketServiceConfig,
  hooks: SocketServiceHooks,
): SocketService {
  return new IoSocketService(config, hooks);
}

class IoSocketService implements SocketService {
  private readonly socket: ChatSocket;
  private stopped = true;
  private wasOnline = false;
  private tokenFailed = false;
  private retries = 0;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  /** The token of the handshake in progress, then of the live session. */
  private handshakeToken: string | null = null;
  private sessionToken: string | null = null;
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  /** The server said the session's token expired; it disconnects next. */
  private sessionExpired = false;

  constructor(
    private readonly config: SocketServiceConfig,
    private readonly hooks: SocketServiceHooks,
  ) {
    this.socket = io(config.url.replace(/\/+$/, "") + CHAT_NAMESPACE, {
      reconnection: true,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 10_000,
      randomizationFactor: 0.5,
      forceNew: true,
      ...config.socketOptions,
      autoConnect: false,
      auth: (cb) => this.authenticate(cb),
    });
    this.socket.on("connect", () => this.onConnect());
    this.socket.on("disconnect", () => this.onDisconnect());
    this.socket.on("connect_error", (err: ConnectError) => this.onConnectError(err));
    this.socket.on("session-expired", () => (this.sessionExpired = true));
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  connect(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.wasOnline = false;
    this.hooks.onStatus("connecting");
    this.socket.connect();
  }

  disconnect(): void {
    this.stopped = true;
    this.clearRetry();
    this.clearRefresh();
    this.socket.disconnect();
    this.hooks.onStatus("offline");
  }

  request<E extends ClientEventName>(
    event: E,
    payload: ClientEventPayload<E>,
    timeoutMs: number,
  ): Promise<Ack<ClientEventData[E]>> {
    // The typed overloads of emitWithAck do not survive a generic event name.
    const timed = this.socket.timeout(timeoutMs) as unknown as {
      emitWithAck(event: string, payload: unknown): Promise<Ack<ClientEventData[E]>>;
    };
    return timed.emitWithAck(event, payload);
  }

  on<E extends ServerEventName>(event: E, handler: ServerToClientEvents[E]): () => void {
    const untyped = this.socket as unknown as {
      on(e: string, h: unknown): void;
      off(e: string, h: unknown): void;
    };
    untyped.on(event, handler);
    return () => untyped.off(event, handler);
  }

  /** The `auth` option: a fresh token for each attempt. */
  private authenticate(cb: (data: object) => void): void {
    this.tokenFailed = false;
    Promise.resolve()
      .then(() => this.config.getToken())
      .then(
        (token) => {
          this.hooks.onToken?.(token);
          this.handshakeToken = token;
          cb({ token });
        },
        (err: unknown) => {
          // Without a token the server refuses the handshake; onConnectError retries.
          console.warn("switchboard: getToken failed", err);
          this.tokenFailed = true;
          cb({ token: "" });
        },
      );
  }

  private onConnect(): void {
    this.wasOnline = true;
    this.retries = 0;
    this.sessionExpired = false;
    this.sessionToken = this.handshakeToken;
    this.scheduleRefresh();
    this.hooks.onStatus("online");
    this.hooks.onConnect();
  }

  private onDisconnect(): void {
    this.clearRefresh();
    this.sessionToken = null;
    this.hooks.onDisconnect();
    if (this.stopped) return;
    this.hooks.onStatus("reconnecting");
    // "io server disconnect": Socket.IO does not reconnect by itself. After
    // `session-expired` there is nothing to back off from: come back at once, freshly signed.
    if (!this.socket.active) this.scheduleRetry(this.sessionExpired ? 0 : undefined);
  }

  private onConnectError(err: ConnectError): void {
    if (this.stopped) return;
    const code = err.data?.code;
    if (!this.socket.active && code === AuthErrorCode.UNAUTHORIZED && !this.tokenFailed) {
      this.stopped = true;
      this.hooks.onStatus("offline");
      this.hooks.onAuthError?.(code, err);
      return;
    }
    this.hooks.onStatus(this.wasOnline ? "reconnecting" : "connecting");
    // socket.active: network trouble, the manager retries. Otherwise the handshake was
    // refused (TOKEN_EXPIRED, no token, a connection limit): retry, with a fresh token.
    if (!this.socket.active) this.scheduleRetry();
  }

  private scheduleRetry(
    delay = backoffDelay(++this.retries, { baseMs: 1000, maxMs: 30_000 }),
  ): void {
    this.clearRetry();
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      if (!this.stopped && !this.socket.connected) this.socket.connect();
    }, delay);
  }

  private clearRetry(): void {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
  }

  /** Plans the next `refresh-token` for the live session (nothing for a token without `exp`). */
  private scheduleRefresh(
    delay = this.sessionToken
      ? refreshDelayMs(this.sessionToken, Date.now(), this.config.tokenRefreshLeadMs)
      : null,
  ): void {
    this.clearRefresh();
    if (delay === null) return;
    this.refreshTimer = setTimeout(() => void this.refreshToken(), delay);
  }

  private clearRefresh(): void {
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = null;
  }

  /** Swaps a fresh token into the live socket before the server ends it at expiry. */
  private async refreshToken(): Promise<void> {
    this.refreshTimer = null;
    const current = this.sessionToken;
    if (!current) return;
    const stillCurrent = () => this.socket.connected && this.sessionToken === current;
    let token: string;
    try {
      token = await this.config.getToken();
    } catch (err) {
      console.warn("switchboard: getToken failed; trying again before expiry", err);
      token = current;
    }
    if (!stillCurrent()) return;
    if (token === current) {
      // Nothing newer yet: ask again halfway to expiry; the server's cut is the backstop.
      const left = tokenTimeLeftMs(current);
      if (left !== null && left > 250) this.scheduleRefresh(left / 2);
      return;
    }
    const ack = await this.request("refresh-token", { token }, 10_000).catch(
      (err: unknown) => ({ ok: false, error: err }) as const,
    );
    if (!stillCurrent()) return;
    if (ack.ok) {
      this.sessionToken = token;
      this.hooks.onToken?.(token);
      this.scheduleRefresh();
    } else {
      console.warn("switchboard: refresh-token failed; reconnecting at expiry instead", ack.error);
    }
  }
}
