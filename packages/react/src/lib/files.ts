import { translator, type Translator } from "../i18n/index.ts";

/** What the composer accepts; the server checks the bytes again and has the last word. */
export const ACCEPTED_TYPES: readonly string[] = [
  "image/png",
  "image/jpeg",
  "image/gif",
  "image/webp",
  "application/pdf",
];
/** {@link ACCEPTED_TYPES} as the `accept` attribute of a file input. */
export const ACCEPT = ACCEPTED_TYPES.join(",");
/** The server's default upload limit; checked here so a big file fails at once, not after upload. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;

const english = translator("en");

/** Whether a MIME type is an image (shown as a thumbnail rather than a file chip). */
export const isImage = (mimeType: string) => mimeType.startsWith("image/");

/**
 * A file size in words for the user.
 *
 * @param bytes - The size in bytes.
 * @returns "820 B", "14 KB", "3.4 MB".
 *
 * @example
 * ```ts
 * formatBytes(3_565_158); // "3.4 MB"
 * ```
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  const mb = bytes / (1024 * 1024);
  return `${mb < 100 ? mb.toFixed(1) : Math.round(mb)} MB`;
}

/** Why a file cannot be sent, in words for the user (`t`: their language); null when it can. */
export function fileProblem(
  file: { name: string; size: number; type: string },
  t: Translator = english,
): string | null {
  const name = file.name || t("file.this");
  if (!ACCEPTED_TYPES.includes(file.type)) return t("file.type", { name });
  if (file.size > MAX_FILE_BYTES) {
    return t("file.tooLarge", { name, size: formatBytes(file.size) });
  }
  if (file.size === 0) return t("file.empty", { name });
  return null;
}

/**
 * Splits picked files into those to upload (an accepted type, not empty, at most
 * {@link MAX_FILE_BYTES}) and one message about the others.
 *
 * @param files - Picked, pasted or dropped files (a `File` is one).
 * @returns The files to upload, in order, and the first problem in words (null when none).
 *
 * @example
 * ```ts
 * const { ok, problem } = sortFiles([...input.files]);
 * if (problem) showError(problem);
 * uploads.add(ok);
 * ```
 */
export function sortFiles<
  F extends {
    /** The file's name. */
    name: string;
    /** Its size in bytes. */
    size: number;
    /** Its MIME type. */
    type: string;
  },
>(
  files: readonly F[],
  t: Translator = english,
): {
  /** The files that can be sent. */
  ok: F[];
  /** What is wrong with the others, in words for the user; null when nothing is. */
  problem: string | null;
} {
  const problems = files.map((f) => fileProblem(f, t)).filter((p): p is string => p !== null);
  const ok = files.filter((f) => fileProblem(f, t) === null);
  const more = problems.length > 1 ? t("file.more", { count: problems.length - 1 }) : "";
  return { ok, problem: problems[0] ? problems[0] + more : null };
}
