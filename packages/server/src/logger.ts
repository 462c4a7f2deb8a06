import { pino, type Logger } from "pino";

/** The default logger: JSON lines on stdout, level from `LOG_LEVEL` (default "info"). */
export function createLogger(level = process.env.LOG_LEVEL ?? "info"): Logger {
  return pino({ level, base: { service: "switchboard" } });
}
