import express, { type NextFunction, type Request, type Response, type Router } from "express";
import multer from "multer";
import { ChatError, registerDeviceSchema } from "@switchboard/protocol";
import type { Services } from "../services/index.ts";
import { parse, route, step, type Authed } from "./httpUtil.ts";
import type { RateLimits } from "./rateLimits.ts";

/** Uploads, downloads and push-device registration; the router is already authenticated. */
export function createFileRoutes(
  services: Services,
  maxUploadBytes: number,
  limits: RateLimits,
): Router {
  const router = express.Router();
  const upload = multer({
    storage: multer.memoryStorage(),
    limits: { fileSize: maxUploadBytes, files: 1 },
  });

  router.post(
    "/upload",
    step((req) => limits.consume("uploads", req.user!.userId)),
    (req: Request, res: Response, next: NextFunction) =>
      upload.single("file")(req, res, (err?: unknown) => next(multerError(err))),
    route(async (req, res) => {
      if (!req.file) throw new ChatError("VALIDATION", 'send the file as multipart field "file"');
      const attachment = await services.uploads.upload(req.user!, {
        bytes: req.file.buffer,
        name: req.file.originalname,
      });
      res.status(201).json(attachment);
    }),
  );

  router.get(
    "/files/:id",
    route(async (req, res) => {
      // The id's shape is the upload service's to judge: anything it does not know is 404.
      const { record, stream } = await services.uploads.open(req.user!, String(req.params.id));
      const disposition = record.mimeType.startsWith("image/") ? "inline" : "attachment";
      res.setHeader("Content-Type", record.mimeType);
      res.setHeader("Content-Length", String(record.size));
      res.setHeader(
        "Content-Disposition",
        `${disposition}; filename*=UTF-8''${encodeURIComponent(record.name)}`,
      );
      res.setHeader("X-Content-Type-Options", "nosniff");
      res.setHeader("Content-Security-Policy", "default-src 'none'; sandbox");
      res.setHeader("Cache-Control", "private, max-age=86400, immutable");
      stream.on("error", () => res.destroy());
      stream.pipe(res);
    }),
  );

  router.post(
    "/devices",
    route(async (req, res) => {
      const input = parse(registerDeviceSchema, req.body);
      await services.devices.register(req.user!.userId, input.token, input.platform);
      res.status(201).json({});
    }),
  );
  return router;
}

/**
 * What the multipart parser refused is the client's input, never a fault of ours: limits
 * (MulterError) and malformed bodies alike (busboy's plain Errors: "Unexpected end of form",
 * "Malformed part header" for a NUL in a header, no boundary, a body cut short). The storage
 * is memory, so nothing else can fail in there.
 */
function multerError(err: unknown): unknown {
  if (err === undefined || err === null) return err;
  if (err instanceof multer.MulterError && err.code === "LIMIT_FILE_SIZE")
    return new ChatError("TOO_LARGE", "file too large");
  const reason = err instanceof Error ? err.message : "unreadable";
  return new ChatError("VALIDATION", `bad upload: ${reason}`, undefined, { cause: err });
}

export type { Authed };
