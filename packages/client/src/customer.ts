// The customer's HTTP calls of contract v2 (the widget's configuration, a transcript): thin
// wrappers of the client's HTTP helpers, so that they go through the host's `fetch` like
// every other call of the client, and fail with the contract's `ChatError`.
import type { TranscriptEmailed, TranscriptFormat, WidgetConfig } from "@switchboard/protocol";
import { fetchFile, getJson, requestJson, type HttpConfig } from "./http.ts";

/** `GET /api/chat/widget-config`: the team, its looks and whether it is open now. */
export function fetchWidgetConfig(config: HttpConfig): Promise<WidgetConfig> {
  return getJson<WidgetConfig>(config, "/api/chat/widget-config");
}

/** The path of a room's transcript in `format`. */
export function transcriptPath(roomId: string, format: TranscriptFormat): string {
  return `/api/chat/rooms/${encodeURIComponent(roomId)}/transcript?format=${format}`;
}

/** `GET /api/chat/rooms/:roomId/transcript?format=`: the file's bytes and its type. */
export function fetchTranscript(
  config: HttpConfig,
  roomId: string,
  format: TranscriptFormat,
): Promise<Blob> {
  return fetchFile(config, transcriptPath(roomId, format));
}

/** `POST /api/chat/rooms/:roomId/transcript/email` (an extension): queues the emailed copy. */
export function requestTranscriptEmail(
  config: HttpConfig,
  roomId: string,
): Promise<TranscriptEmailed> {
  return requestJson<TranscriptEmailed>(
    config,
    "POST",
    `/api/chat/rooms/${encodeURIComponent(roomId)}/transcript/email`,
  );
}
