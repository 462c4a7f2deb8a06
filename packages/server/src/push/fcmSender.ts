import { readFile } from "node:fs/promises";
import { SignJWT, importPKCS8 } from "jose";
import type { PushNote, PushSender } from "./pushService.ts";

/** The fields of a Firebase service-account JSON that the sender needs. */
export interface ServiceAccount {
  /** The Firebase project that sends. */
  project_id: string;
  /** The service account's email: the OAuth token's issuer. */
  client_email: string;
  /** Its PKCS #8 private key (PEM), which signs the OAuth token request. */
  private_key: string;
  /** Where to exchange the signed JWT for an access token. */
  token_uri: string;
}

const SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
const INVALID = new Set(["UNREGISTERED", "INVALID_ARGUMENT"]);

/**
 * FCM over its HTTP v1 API: an OAuth token from the service account (a JWT signed with
 * its key), then one `messages:send` per device. We use this instead of `firebase-admin`
 * because sending is all we need: it is one small file on `jose`, which the server already
 * uses, instead of a large dependency tree; `endpoint` lets tests and proxies stand in for
 * Google's host.
 */
export class FcmSender implements PushSender {
  private token: { value: string; expiresAt: number } | null = null;

  /**
   * @param account - The service account that sends.
   * @param endpoint - FCM's origin; tests and proxies may stand in for Google's.
   */
  constructor(
    private readonly account: ServiceAccount,
    private readonly endpoint = "https://fcm.googleapis.com",
  ) {}

  /**
   * A sender from a service-account JSON file (as the Firebase console downloads it).
   *
   * @example
   * ```ts
   * await createChatServer({ ...options, push: await FcmSender.fromFile("service-account.json") });
   * ```
   */
  static async fromFile(path: string, endpoint?: string): Promise<FcmSender> {
    return new FcmSender(JSON.parse(await readFile(path, "utf8")) as ServiceAccount, endpoint);
  }

  /** One `messages:send` per token; 404, `UNREGISTERED` and `INVALID_ARGUMENT` mark it invalid. */
  async send(tokens: string[], note: PushNote) {
    const bearer = await this.accessToken();
    const outcomes = await Promise.all(tokens.map((t) => this.sendOne(bearer, t, note)));
    return {
      /** Pushes FCM accepted. */
      sent: outcomes.filter((o) => o === "sent").length,
      /** Pushes that failed for another reason. */
      failed: outcomes.filter((o) => o === "failed").length,
      /** Tokens FCM no longer knows. */
      invalidTokens: tokens.filter((_, i) => outcomes[i] === "invalid"),
    };
  }

  private async sendOne(
    bearer: string,
    token: string,
    note: PushNote,
  ): Promise<"sent" | "invalid" | "failed"> {
    const res = await fetch(
      `${this.endpoint}/v1/projects/${this.account.project_id}/messages:send`,
      {
        method: "POST",
        headers: { authorization: `Bearer ${bearer}`, "content-type": "application/json" },
        body: JSON.stringify({
          message: {
            token,
            notification: { title: note.title, body: note.body },
            data: note.data,
            android: { priority: "high" },
            apns: { payload: { aps: { sound: "default", badge: Number(note.data.unread ?? 0) } } },
          },
        }),
      },
    );
    if (res.ok) return "sent";
    const body = (await res.json().catch(() => ({}))) as {
      error?: { details?: { errorCode?: string }[] };
    };
    const code = body.error?.details?.find((d) => d.errorCode)?.errorCode;
    return res.status === 404 || (code && INVALID.has(code)) ? "invalid" : "failed";
  }

  private async accessToken(): Promise<string> {
    if (this.token && this.token.expiresAt > Date.now() + 60_000) return this.token.value;
    const key = await importPKCS8(this.account.private_key, "RS256");
    const now = Math.floor(Date.now() / 1000);
    const assertion = await new SignJWT({ scope: SCOPE })
      .setProtectedHeader({ alg: "RS256", typ: "JWT" })
      .setIssuer(this.account.client_email)
      .setAudience(this.account.token_uri)
      .setIssuedAt(now)
      .setExpirationTime(now + 3600)
      .sign(key);
    const res = await fetch(this.account.token_uri, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({
        grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer",
        assertion,
      }),
    });
    if (!res.ok) throw new Error(`FCM token request failed: ${res.status}`);
    const { access_token, expires_in } = (await res.json()) as {
      access_token: string;
      expires_in: number;
    };
    this.token = { value: access_token, expiresAt: Date.now() + expires_in * 1000 };
    return access_token;
  }
}
