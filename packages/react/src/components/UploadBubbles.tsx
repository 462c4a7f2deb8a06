import type { UploadItem, Uploads } from "../hooks/useUploads.ts";
import { useTranslator } from "../hooks/useTranslator.ts";
import { formatBytes } from "../lib/files.ts";
import { AlertIcon, CloseIcon, FileIcon } from "./Icons.tsx";

function Preview({ item }: { item: UploadItem }) {
  if (item.preview) return <img className="sb-upload__img" src={item.preview} alt="" />;
  return (
    <span className="sb-upload__file">
      <FileIcon className="sb-icon" />
      <span className="sb-file__name">{item.name}</span>
    </span>
  );
}

function UploadBubble({ item, uploads }: { item: UploadItem; uploads: Uploads }) {
  const percent = Math.round(item.progress * 100);
  const t = useTranslator();
  return (
    <li
      className={`sb-row sb-row--own sb-row--first sb-row--last${item.error ? " sb-row--failed" : ""}`}
    >
      <div className="sb-row__body">
        <span className="sb-sr-only">{t("uploads.sending", { name: item.name })}</span>
        <div className="sb-upload">
          <Preview item={item} />
          {item.error ? null : (
            <div
              className="sb-upload__progress"
              role="progressbar"
              aria-label={t("uploads.uploading", { name: item.name })}
              aria-valuemin={0}
              aria-valuemax={100}
              aria-valuenow={percent}
            >
              <span style={{ width: `${Math.max(4, percent)}%` }} />
            </div>
          )}
          <button
            type="button"
            className="sb-upload__cancel"
            aria-label={t(item.error ? "uploads.remove" : "uploads.cancel", { name: item.name })}
            onClick={() => uploads.cancel(item.id)}
          >
            <CloseIcon className="sb-icon sb-icon--sm" />
          </button>
        </div>
        {item.error ? (
          <div className="sb-meta sb-meta--failed" role="alert">
            <AlertIcon className="sb-icon sb-icon--sm" />
            <span>{item.errorKey ? t(item.errorKey) : item.error}</span>
            <button type="button" className="sb-linkbtn" onClick={() => uploads.retry(item.id)}>
              {t("message.retry")}
            </button>
          </div>
        ) : (
          <div className="sb-meta">
            {t("uploads.progress", { percent, size: formatBytes(item.size) })}
          </div>
        )}
      </div>
    </li>
  );
}

/** Props of {@link UploadBubbles}. */
export interface UploadBubblesProps {
  /** From `useUploads(...)`. */
  uploads: Uploads;
}

/**
 * The files being uploaded, as outgoing bubbles at the end of the conversation (a
 * `MessageList`'s `footer`): a preview, a progress bar, Cancel; on failure, why and Retry.
 * Nothing when there are none.
 *
 * @example
 * ```tsx
 * const uploads = useUploads(roomId, roomId);
 * <MessageList roomId={roomId} viewerRole="admin" otherName={name} footer={<UploadBubbles uploads={uploads} />} />
 * ```
 */
export function UploadBubbles({ uploads }: UploadBubblesProps) {
  const t = useTranslator();
  if (uploads.items.length === 0) return null;
  return (
    <ol className="sb-log__list sb-uploads" aria-label={t("uploads.label")}>
      {uploads.items.map((item) => (
        <UploadBubble key={item.id} item={item} uploads={uploads} />
      ))}
    </ol>
  );
}
