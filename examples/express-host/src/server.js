// Northwind's API server: Express 5 on its own http.Server, MongoDB through Mongoose, its own
// JWT sign-in, pino logs and multer uploads. `npm start`; the environment is in README.md.
import { createServer } from "node:http";
import express from "express";
import mongoose from "mongoose";
import { pinoHttp } from "pino-http";
import { createChatServer } from "@switchboard/server";
import { authenticate } from "./auth.js";
import { config } from "./config.js";
import { logger } from "./logger.js";
import { seedUsers, User } from "./models/User.js";
import { apiRoutes, errorHandler, notFound } from "./routes.js";
import { createUploadService } from "./uploads.js";

await mongoose.connect(config.mongoUri);
await seedUsers();
const uploads = createUploadService({ dir: config.uploadDir, logger });

const app = express();
app.disable("x-powered-by");
app.use(pinoHttp({ logger }));
app.use(express.json());
const httpServer = createServer(app);
// Switchboard's chat, with Northwind's sign-in check, users, logger and upload service.
const chat = await createChatServer({
  app,
  httpServer,
  mongoose: { connection: mongoose.connection },
  logger: logger.child({ component: "chat" }),
  verifyToken: async (token) => {
    const { id, name, role } = await authenticate(token); // throws on a bad token
    return { userId: id, name, role: role === "agent" ? "admin" : "customer" };
  },
  lookupUser: (id) => User.findById(id, "name email role -_id").lean(),
  uploads: { store: { put: uploads.save, get: uploads.open } },
});
app.use("/api", apiRoutes({ uploads }));
app.use(notFound);
app.use(errorHandler);

httpServer.listen(config.port, () => {
  logger.info({ port: httpServer.address().port }, "listening");
});

async function shutdown(signal) {
  logger.info({ signal }, "shutting down");
  await chat.close(); // the sockets, then the HTTP server
  await mongoose.disconnect();
  process.exit(0);
}
process.once("SIGTERM", (signal) => void shutdown(signal));
process.once("SIGINT", (signal) => void shutdown(signal));
