import { useCallback, useRef, useState, type DragEvent, type ReactNode } from "react";
import { useTranslator } from "../hooks/useTranslator.ts";
import { sortFiles } from "../lib/files.ts";

/** What {@link useFilePicker} returns. */
export interface FilePicker {
  /** Why the last files could not be taken, in words for the user (null: all were fine). */
  error: string | null;
  /** Checks files (picked, pasted or dropped) and passes the good ones on. */
  take(files: File[]): void;
  /** Clears `error`. */
  clearError(): void;
}

/**
 * Checks picked, pasted or dropped files before anything is uploaded (images and PDF up
 * to 10 MB): the good ones go to `onAccept`, and `error` says, in words, what is wrong
 * with the others.
 *
 * @param onAccept - Receives the files that can be sent (e.g. `uploads.add`).
 * @returns `take` (give it the files), the `error` in words and `clearError`.
 *
 * @example
 * ```tsx
 * const picker = useFilePicker(uploads.add);
 * <Composer onSend={send} onAttach={picker.take} attachError={picker.error} onDismissError={picker.clearError} />
 * ```
 */
export function useFilePicker(onAccept: (files: File[]) => void): FilePicker {
  const [error, setError] = useState<string | null>(null);
  const t = useTranslator();
  const take = useCallback(
    (files: File[]) => {
      const { ok, problem } = sortFiles(files, t);
      setError(problem);
      if (ok.length > 0) onAccept(ok);
    },
    [onAccept, t],
  );
  const clearError = useCallback(() => setError(null), []);
  return { error, take, clearError };
}

const carriesFiles = (event: DragEvent) => event.dataTransfer.types.includes("Files");

/** Props of {@link DropZone}. */
export interface DropZoneProps {
  /** The files dropped (unchecked: pass them through {@link useFilePicker}). */
  onFiles(files: File[]): void;
  /** Drops are ignored (e.g. until the room is joined). Default false. */
  disabled?: boolean;
  /** Classes added to the zone's `<div>`. */
  className?: string;
  /** The zone's writing direction (`rtl` for Arabic); default inherited. */
  dir?: "ltr" | "rtl";
  /** The zone's language (a BCP 47 tag); default inherited. */
  lang?: string;
  /** What files can be dropped onto: the whole conversation. */
  children: ReactNode;
}

/**
 * Files dragged anywhere over the conversation can be dropped to send them ("Drop files to
 * send" shows while they are over it).
 *
 * @example
 * ```tsx
 * <DropZone onFiles={picker.take} disabled={!roomId}>
 *   <MessageList roomId={roomId} viewerRole="admin" otherName={name} />
 * </DropZone>
 * ```
 */
export function DropZone(props: DropZoneProps) {
  const { onFiles, disabled = false, className = "", children, dir, lang } = props;
  const [over, setOver] = useState(false);
  const t = useTranslator();
  // dragenter/dragleave fire for every child crossed: count them to know when it left.
  const depth = useRef(0);
  const reset = () => {
    depth.current = 0;
    setOver(false);
  };
  return (
    <div
      className={`sb-dropzone ${className}`}
      dir={dir}
      lang={lang}
      onDragEnter={(event) => {
        if (disabled || !carriesFiles(event)) return;
        event.preventDefault();
        depth.current += 1;
        setOver(true);
      }}
      onDragOver={(event) => {
        if (disabled || !carriesFiles(event)) return;
        event.preventDefault();
        event.dataTransfer.dropEffect = "copy";
      }}
      onDragLeave={() => {
        depth.current -= 1;
        if (depth.current <= 0) reset();
      }}
      onDrop={(event) => {
        if (disabled || !carriesFiles(event)) return;
        event.preventDefault();
        reset();
        onFiles([...event.dataTransfer.files]);
      }}
    >
      {children}
      {over ? (
        <div className="sb-dropzone__overlay" aria-hidden="true">
          <span>{t("drop.hint")}</span>
        </div>
      ) : null}
    </div>
  );
}
