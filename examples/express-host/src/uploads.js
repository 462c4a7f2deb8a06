// Northwind's upload service: files on disk under UPLOAD_DIR, each under a name of its own.
// It is a multer storage engine, so routes take files with `uploads.multer.single("file")`, and
// code that already has the bytes stores them with `save(name, bytes)`: one place that writes.
import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, unlink } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import multer from "multer";

const MAX_BYTES = 10 * 1024 * 1024;

export function createUploadService({ dir, logger }) {
  const fileOf = (name) => {
    // Names are ours (ids, uuids); the check keeps a bad one inside the folder.
    if (!/^[\w-]+(\.\w+)?$/.test(name)) throw new Error(`bad file name ${name}`);
    return path.join(dir, name);
  };

  /** Writes a new file (never replaces one); `source` is a stream or the bytes. */
  async function save(name, source) {
    await mkdir(dir, { recursive: true });
    const file = fileOf(name);
    const stream = source instanceof Readable ? source : Readable.from([source]);
    const out = createWriteStream(file, { flags: "wx" });
    await pipeline(stream, out);
    logger.info({ file: name, size: out.bytesWritten }, "file stored");
    return { path: file, size: out.bytesWritten };
  }

  /** Streams a stored file. */
  const open = (name) => createReadStream(fileOf(name));

  // multer's storage engine interface: a route's file arrives as a stream.
  const storage = {
    _handleFile(_req, file, done) {
      const name = randomUUID() + path.extname(file.originalname).toLowerCase();
      save(name, file.stream).then((saved) => done(null, { filename: name, ...saved }), done);
    },
    _removeFile(_req, file, done) {
      unlink(file.path).then(() => done(null), done);
    },
  };

  return { save, open, multer: multer({ storage, limits: { fileSize: MAX_BYTES } }) };
}
