import type { ChatClient } from "@switchboard/client";
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

const UPLOAD_FAILURE: Record<string, string> = {
  TOO_LARGE: "That image is too large.",
  VALIDATION: "That file type can't be sent.",
  RATE_LIMITED: "Too many uploads at once. Try again in a moment.",
};

/**
 * Pick → upload with the SDK's `client.upload` (XMLHttpRequest, so it reports progress) →
 * send a message carrying the file. The message goes through the SDK's queue like any
 * other: pending, retried, stored once. Without `pickImage`, `attach` is undefined (no
 * button). One upload at a time; unmounting aborts it.
 */
export function useImageSend(
  client: ChatClient,
  roomId: string | null,
  pickImage: PickImageFn | null,
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
    try {
      const attachment = await client.upload(picked.file, {
        name: picked.name,
        signal: controller.signal,
        onProgress: (sent, total) =>
          setState((s) => (s && !s.error ? { ...s, progress: total > 0 ? sent / total : 0 } : s)),
      });
      client.send(roomId, "", [attachment]);
      setState(null);
    } catch (e) {
      if (e instanceof Error && e.name === "AbortError") return;
      const code = e instanceof ChatError ? e.code : "";
      setState({
        progress: 0,
        error: UPLOAD_FAILURE[code] ?? "The upload failed. Check your connection.",
      });
    } finally {
      abort.current = null;
    }
  }, [client, roomId, pickImage]);

  const dismiss = useCallback(() => setState(null), []);
  return { upload: state, attach: pickImage ? attach : undefined, dismiss };
}

/**
 * `{ Authorization: "Bearer <token>" }` for image requests, refreshed on every (re)connect
 * (the SDK fetches a fresh token then too). One object per token, so memoised rows stay put.
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
