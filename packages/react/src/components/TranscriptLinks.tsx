import type { TranscriptFormat } from "@switchboard/protocol";
import { useState } from "react";
import { useChatClient } from "../ChatProvider.tsx";
import { useTranslator } from "../hooks/useTranslator.ts";
import { DownloadIcon } from "./Icons.tsx";
import { TranscriptEmail } from "./TranscriptEmail.tsx";

/** Props of {@link TranscriptLinks}. */
export interface TranscriptLinksProps {
  /** The room whose conversation to download. */
  roomId: string;
  /**
   * The server can email it (`widgetConfig().transcriptEmail`): adds "Email me the
   * transcript" ({@link TranscriptEmail}). Default false.
   */
  canEmail?: boolean;
  /** The address the customer left, or null (the email action then asks for one). */
  email?: string | null;
}

const EXTENSION: Record<"text" | "html", string> = { text: "txt", html: "html" };

/** Saves a blob as a file through a temporary object URL and `<a download>`. */
function save(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // Some browsers read the URL after the click returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * "Download as text" and "Download as HTML": the conversation's transcript (contract v2
 * `GET /api/chat/rooms/:roomId/transcript`), fetched with the client's token (the route is
 * not public) and saved as `transcript-<roomId>.txt` or `.html`. A failure says so. With
 * `canEmail`, also "Email me the transcript" ({@link TranscriptEmail}).
 *
 * @example
 * ```tsx
 * <TranscriptLinks roomId={roomId} />
 * ```
 */
export function TranscriptLinks({ roomId, canEmail = false, email = null }: TranscriptLinksProps) {
  const client = useChatClient();
  const t = useTranslator();
  const [busy, setBusy] = useState<TranscriptFormat | null>(null);
  const [failed, setFailed] = useState(false);

  const download = (format: "text" | "html") => {
    setBusy(format);
    setFailed(false);
    client.transcript(roomId, format).then(
      (blob) => {
        setBusy(null);
        save(blob, `transcript-${roomId}.${EXTENSION[format]}`);
      },
      () => {
        setBusy(null);
        setFailed(true);
      },
    );
  };

  return (
    <section className="sb-card sb-transcript" aria-label={t("transcript.label")}>
      <p className="sb-card__title">{t("transcript.label")}</p>
      <div className="sb-transcript__actions">
        {(["text", "html"] as const).map((format) => (
          <button
            key={format}
            type="button"
            className="sb-btn sb-btn--ghost sb-btn--small"
            aria-busy={busy === format || undefined}
            disabled={busy !== null}
            onClick={() => download(format)}
          >
            <DownloadIcon className="sb-icon sb-icon--sm" />
            {t(busy === format ? "transcript.busy" : `transcript.${format}`)}
          </button>
        ))}
      </div>
      <p className="sb-field__error" role="status">
        {failed ? t("transcript.failed") : ""}
      </p>
      {canEmail ? <TranscriptEmail roomId={roomId} email={email} /> : null}
    </section>
  );
}
