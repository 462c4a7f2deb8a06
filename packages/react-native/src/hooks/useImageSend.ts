import type { ChatClient } from "@switchboard/client";
import { translator, type MessageKey, type Translator } from "@switchboard/client/i18n";
import { ChatError } from "@switchboard/protocol";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { PickImageFn } from "../types.ts";

/** The image being uploaded: its progress (0 to 1), or why it failed. */
export interface ImageUpload {
  /** Bytes sent over bytes to send, 0 to 1. */
  progress: number;
  /** Why the upload failed, in words; null while it runs. */
  error: string | null;
}

/** What {@link useImageSend} gives the screen. */
export interface ImageSend {
  /** The upload in progress or failed; null when none. */
  upload: ImageUpload | null;
  /** Picks, uploads and sends an image; undefined without a picker (no button). */
  attach: (() => Promise<void>) | undefined;
  /** Clears a failed upload's message. */
  dismiss(): void;
}

const UPLOAD_FAILURE: Record<string, MessageKey> = {
  TOO_LARGE: "screen.upload.TOO_LARGE",
  VALIDATION: "screen.upload.VALIDATION",
  RATE_LIMITED: "screen.upload.RATE_LIMITED",
};
const english = translator();

/**
 * Pick → upload-then-send with the SDK's `client.sendFiles` (XMLHttpRequest, so the upload
 * reports progress; the message goes through the SDK's queue like any other: pending,
 * retried, stored once). Without `pickImage`, `attach` is undefined (no button). One upload
 * at a time; unmounting aborts it (nothing is sent then).
 *
 * @param client - The SDK client.
 * @param roomId - The room to send to; null (not joined yet): `attach` does nothing.
 * @param pickImage - The host's picker, or null for no image button.
 * @param t - The words a failure is told in (the screen's language); default English.
 * @returns The upload's state, `attach` and `dismiss`.
 *
 * @example
 * ```tsx
 * const images = useImageSend(client, roomId, pickImage);
 * <Composer enabled onSend={send} onAttach={images.attach} />
 * {images.upload ? <UploadStrip {...images.upload} onDismiss={images.dismiss} /> : null}
 * ```
 */
export function useImageSend(
  client: ChatClient,
  roomId: string | null,
  pickImage: PickImageFn | null,
  t: Translator = english,
): ImageSend {
  const [state, setState] = useState<ImageUpload | null>(null);
  const abort = useRef<AbortController | null>(null);
  useEffect(() => () => abort.current?.abort(), []);

  const attach = useCallback(async () => {
    if (!roomId || !pickImage || abort.current) return;
    const picked = await pickImage().catch((e: unknown) => {
      console.warn("switchboard: image picker failed", e);
      return null;
    });
    if (!picked) return;
    const controller = new AbortController();
    abort.current = controller;
    setState({ progress: 0, error: null });
    const failed = (e: unknown) => {
      const code = e instanceof ChatError ? e.code : "";
      const error = t(UPLOAD_FAILURE[code] ?? "screen.upload.failed");
      setState({ progress: 0, error });
    };
    try {
      const { message, failures } = await client.sendFiles(roomId, "", [picked.file], {
        names: [picked.name],
        signal: controller.signal,
        onProgress: (_index, sent, total) =>
          setState((s) => (s && !s.error ? { ...s, progress: total > 0 ? sent / total : 0 } : s)),
      });
      if (message) setState(null);
      else failed(failures[0]?.error);
    } catch (e) {
      if (!(e instanceof Error && e.name === "AbortError")) failed(e);
    } finally {
      abort.current = null;
    }
  }, [client, roomId, pickImage, t]);

  const dismiss = useCallback(() => setState(null), []);
  return { upload: state, attach: pickImage ? attach : undefined, dismiss };
}

/**
 * `{ Authorization: "Bearer <token>" }` for image requests, refreshed on every (re)connect
 * (the SDK fetches a fresh token then too). One object per token, so memoised rows stay put.
 *
 * @param getToken - The token source the client was given.
 * @param refreshKey - Fetches the token again when it changes (e.g. `status === "online"`).
 * @returns The headers; empty until the token is known.
 *
 * @example
 * ```tsx
 * const imageHeaders = useAuthHeaders(getToken, status === "online");
 * ```
 */
export function useAuthHeaders(
  getToken: () => string | Promise<string>,
  refreshKey: unknown,
): Record<string, string> {
  const [token, setToken] = useState<string | null>(null);
  // Through a ref: a host passing an inline `getToken` must not refetch on every render.
  const source = useRef(getToken);
  useEffect(() => {
    source.current = getToken;
  }, [getToken]);
  useEffect(() => {
    let live = true;
    Promise.resolve()
      .then(() => source.current())
      .then(
        (t) => live && setToken(t),
        () => undefined,
      );
    return () => {
      live = false;
    };
  }, [refreshKey]);
  return useMemo(() => {
    const headers: Record<string, string> = {};
    if (token) headers.Authorization = `Bearer ${token}`;
    return headers;
  }, [token]);
}
