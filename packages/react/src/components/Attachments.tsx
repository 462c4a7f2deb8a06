import type { ChatClient } from "@switchboard/client";
import type { Attachment } from "@switchboard/protocol";
import { useState } from "react";
import { useChatClient } from "../ChatProvider.tsx";
import { useTranslator } from "../hooks/useTranslator.ts";
import { loadFile, useFileUrl } from "../lib/fileCache.ts";
import { formatBytes, isImage } from "../lib/files.ts";
import { DownloadIcon, FileIcon } from "./Icons.tsx";
import { Lightbox } from "./Lightbox.tsx";

/** Props of {@link Attachments}. */
export interface AttachmentsProps {
  /** A message's attachments. */
  items: readonly Attachment[];
}

function ImageThumb({ item }: { item: Attachment }) {
  const client = useChatClient();
  const { src, failed } = useFileUrl(client, item.url);
  const [open, setOpen] = useState(false);
  const t = useTranslator();
  return (
    <>
      <button
        type="button"
        className={`sb-thumb${src ? " is-loaded" : ""}`}
        aria-label={t("attachments.view", { name: item.name })}
        disabled={!src}
        onClick={() => setOpen(true)}
      >
        {src ? (
          <img src={src} alt={item.name} draggable={false} />
        ) : (
          <span className="sb-thumb__state">{failed ? t("attachments.unavailable") : ""}</span>
        )}
      </button>
      {open && src ? <Lightbox src={src} name={item.name} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

/** Saves the file under its name; a download is never caught by a pop-up blocker. */
async function download(client: ChatClient, item: Attachment): Promise<void> {
  const url = URL.createObjectURL(await loadFile(client, item.url));
  const a = document.createElement("a");
  a.href = url;
  a.download = item.name;
  a.rel = "noopener";
  document.body.append(a);
  a.click();
  a.remove();
  // The download has its own copy by now; a minute leaves slow browsers ample time.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function FileChip({ item }: { item: Attachment }) {
  const client = useChatClient();
  const [state, setState] = useState<"idle" | "busy" | "failed">("idle");
  const t = useTranslator();
  const save = () => {
    setState("busy");
    download(client, item).then(
      () => setState("idle"),
      () => setState("failed"),
    );
  };
  return (
    <button
      type="button"
      className="sb-file"
      onClick={save}
      aria-busy={state === "busy" || undefined}
      aria-label={t("attachments.download", { name: item.name, size: formatBytes(item.size) })}
    >
      <span className="sb-file__icon" aria-hidden="true">
        <FileIcon className="sb-icon" />
      </span>
      <span className="sb-file__text">
        <span className="sb-file__name">{item.name}</span>
        <span className="sb-file__meta">
          {state === "failed" ? t("attachments.downloadFailed") : formatBytes(item.size)}
        </span>
      </span>
      <DownloadIcon className="sb-icon sb-file__action" />
    </button>
  );
}

/**
 * A message's attachments: image thumbnails (click for full size, in a {@link Lightbox})
 * and file chips (click to download). Files are fetched with the client's token.
 *
 * @example
 * ```tsx
 * {message.attachments.length > 0 ? <Attachments items={message.attachments} /> : null}
 * ```
 */
export function Attachments({ items }: AttachmentsProps) {
  const t = useTranslator();
  return (
    <ul className="sb-attachments" aria-label={t("attachments.label")}>
      {items.map((item) => (
        <li key={item.url}>
          {isImage(item.mimeType) ? <ImageThumb item={item} /> : <FileChip item={item} />}
        </li>
      ))}
    </ul>
  );
}
