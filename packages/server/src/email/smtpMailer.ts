import nodemailer, { type Transporter } from "nodemailer";

/** One email to send. */
export interface OutgoingEmail {
  /** The customer's address. */
  to: string;
  /** The subject line. */
  subject: string;
  /** The plain-text part. */
  text: string;
  /** The HTML part (every value in it escaped). */
  html: string;
  /** A stable id (`<...@...>`): a resend after a crash carries the same one. */
  messageId: string;
}

/** Where emails go: SMTP by default, or the host's own mail service. */
export interface Mailer {
  /** Resolves once the mail server accepted it; rejects otherwise (the send is retried). */
  send(mail: OutgoingEmail): Promise<void>;
}

/**
 * SMTP through nodemailer (`SMTP_URL`, e.g. `smtp://user:pass@mail.example.com:587`;
 * `smtps://` for TLS from the start). Bounded timeouts: a mail server that hangs fails the
 * send, which is then retried, and never holds the chat.
 */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    const url = new URL(smtpUrl);
    this.transport = nodemailer.createTransport({
      host: url.hostname,
      port: Number(url.port) || (url.protocol === "smtps:" ? 465 : 587),
      secure: url.protocol === "smtps:",
      ...(url.username
        ? {
            auth: {
              user: decodeURIComponent(url.username),
              pass: decodeURIComponent(url.password),
            },
          }
        : {}),
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
    });
  }

  async send(mail: OutgoingEmail): Promise<void> {
    await this.transport.sendMail({ from: this.from, ...mail });
  }

  /** Closes the SMTP connections (the server's `close()` calls it). */
  close(): void {
    this.transport.close();
  }
}
