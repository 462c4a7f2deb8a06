import type { ChatClient } from "@switchboard/client";
import { useEffect, useState } from "react";

/**
 * Attachments are served only with the bearer token, so an `<img src>` cannot load them:
 * they are fetched with the SDK and shown through object URLs. Blobs are kept (up to a
 * byte budget, oldest dropped first) so that a row that re-mounts, or the lightbox, does
 * not download the file again; object URLs are per view and revoked with it.
 */
const BUDGET_BYTES = 64 * 1024 * 1024;
const cache = new Map<string, Promise<Blob>>();
const sizes = new Map<string, number>();

function remember(url: string, blob: Promise<Blob>): Promise<Blob> {
  cache.delete(url); // re-insert: the Map's order is the eviction order
  cache.set(url, blob);
  blob.then(
    (b) => {
      sizes.set(url, b.size);
      let total = [...sizes.values()].reduce((n, s) => n + s, 0);
      for (const old of cache.keys()) {
        if (total <= BUDGET_BYTES || old === url) break;
        total -= sizes.get(old) ?? 0;
        cache.delete(old);
        sizes.delete(old);
      }
    },
    () => cache.delete(url), // a failed download is tried again next time
  );
  return blob;
}

/** The sender already has the bytes of what they uploaded: show those, download nothing. */
export function seedFile(url: string, blob: Blob): void {
  void remember(url, Promise.resolve(blob));
}

/** The file's bytes: from the cache, else downloaded with the client (and kept). */
export function loadFile(client: ChatClient, url: string): Promise<Blob> {
  return cache.get(url) ?? remember(url, client.fetchFile(url));
}

/** An attachment's object URL for a view, or why there is none. */
export interface FileUrl {
  /** An object URL of the file, while the component is mounted. */
  src: string | null;
  /** The download failed (the view shows that instead of the file). */
  failed: boolean;
}

/** Downloads `url` with the token (when `enabled`) and gives an object URL for it. */
export function useFileUrl(client: ChatClient, url: string, enabled = true): FileUrl {
  const [state, setState] = useState<FileUrl & { url: string | null }>({
    url: null,
    src: null,
    failed: false,
  });
  useEffect(() => {
    if (!enabled) return;
    let objectUrl: string | null = null;
    let live = true;
    loadFile(client, url).then(
      (blob) => {
        if (!live) return;
        objectUrl = URL.createObjectURL(blob);
        setState({ url, src: objectUrl, failed: false });
      },
      () => live && setState({ url, src: null, failed: true }),
    );
    return () => {
      live = false;
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [client, url, enabled]);
  // A state of an earlier url (the prop changed) is not shown for this one.
  return state.url === url ? state : { src: null, failed: false };
}
