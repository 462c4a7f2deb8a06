import type { ChatClient } from "@switchboard/client";
import type { Attachment } from "@switchboard/protocol";
import { useState } from "react";
import { loadFile, useFileUrl } from "../lib/fileCache.ts";
import { formatBytes, isImage } from "../lib/files.ts";
import "../styles/attachments.css";
import { DownloadIcon, FileIcon } from "./Icons.tsx";
import { Lightbox } from "./Lightbox.tsx";

interface Props {
  client: ChatClient;
  items: Attachment[];
}

function ImageThumb({ client, item }: { client: ChatClient; item: Attachment }) {
  const { src, failed } = useFileUrl(client, item.url);
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className={`sb-thumb${src ? " is-loaded" : ""}`}
        aria-label={`View image ${item.name}`}
        disabled={!src}
        onClick={() => setOpen(true)}
      >
        {src ? (
          <img src={src} alt={item.name} draggable={false} />
        ) : (
          <span className="sb-thumb__state">{failed ? "Image unavailable" : ""}</span>
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

function FileChip({ client, item }: { client: ChatClient; item: Attachment }) {
  const [state, setState] = useState<"idle" | "busy" | "failed">("idle");
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
      aria-label={`Download ${item.name}, ${formatBytes(item.size)}`}
    >
      <span className="sb-file__icon" aria-hidden="true">
        <FileIcon className="sb-icon" />
      </span>
      <span className="sb-file__text">
        <span className="sb-file__name">{item.name}</span>
        <span className="sb-file__meta">
          {state === "failed" ? "Download failed. Try again" : formatBytes(item.size)}
        </span>
      </span>
      <DownloadIcon className="sb-icon sb-file__action" />
    </button>
  );
}

/** A message's attachments: image thumbnails (click for full size) and file chips. */
export function Attachments({ client, items }: Props) {
  return (
    <ul className="sb-attachments" aria-label="Attachments">
      {items.map((item) => (
        <li key={item.url}>
          {isImage(item.mimeType) ? (
            <ImageThumb client={client} item={item} />
          ) : (
            <FileChip client={client} item={item} />
          )}
        </li>
      ))}
    </ul>
  );
}
