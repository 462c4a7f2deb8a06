// Northwind's logger: JSON lines on stdout, one stream for every part of the app.
import { pino } from "pino";
import { config } from "./config.js";

export const logger = pino({ level: config.logLevel, base: { app: "northwind" } });
