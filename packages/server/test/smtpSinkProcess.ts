// A real SMTP server in its own process (run with `node --import tsx`), for the email tests: smtp-server (the maintained
// server library of the nodemailer project) on 127.0.0.1, every mail parsed with mailparser
// and printed to stdout as one JSON line. Usage: node --import tsx smtpSinkProcess.ts <port> (0: any free port);
// it prints {"listening": <port>} once ready. No TLS, no auth: local tests only.
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS", "AUTH"],
  logger: false,
  onData(stream, session, callback) {
    simpleParser(stream)
      .then((mail) => {
        const line = {
          from: mail.from?.text ?? null,
          to: session.envelope.rcptTo.map((r) => r.address),
          subject: mail.subject ?? null,
          messageId: mail.messageId ?? null,
          text: mail.text ?? null,
          html: typeof mail.html === "string" ? mail.html : null,
        };
        process.stdout.write(JSON.stringify({ mail: line }) + "\n");
        callback();
      })
      .catch((err: Error) => callback(err));
  },
});
server.listen(Number(process.argv[2] ?? 0), "127.0.0.1", () => {
  const { port } = server.server.address() as { port: number };
  process.stdout.write(JSON.stringify({ listening: port }) + "\n");
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
