// The test side of smtpSinkProcess.ts: starts it as its own process and collects what it received.
import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export interface ReceivedMail {
  from: string | null;
  to: string[];
  subject: string | null;
  messageId: string | null;
  text: string | null;
  html: string | null;
}

export interface SmtpSink {
  port: number;
  url: string;
  mails: ReceivedMail[];
  /** Resolves once `n` mails arrived (10 s at most). */
  received(n: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  stop(): Promise<void>;
}

const SCRIPT = fileURLToPath(new URL("./smtpSinkProcess.ts", import.meta.url));

/** Starts the SMTP server process on `port` (0: a free one). */
export async function startSmtpSink(port = 0): Promise<SmtpSink> {
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", SCRIPT, String(port)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const mails: ReceivedMail[] = [];
  const lines = createInterface({ input: child.stdout! });
  const listening = new Promise<number>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`smtp sink exited ${code}`)));
    lines.on("line", (line) => {
      const msg = JSON.parse(line) as { listening?: number; mail?: ReceivedMail };
      if (msg.listening) resolve(msg.listening);
      if (msg.mail) mails.push(msg.mail);
    });
  });
  const actual = await listening;
  return {
    port: actual,
    url: `smtp://127.0.0.1:${actual}`,
    mails,
    async received(n, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (mails.length < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      return mails;
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    },
  };
}
