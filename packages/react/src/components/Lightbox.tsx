import { useEffect, useRef } from "react";
import { useTranslator } from "../hooks/useTranslator.ts";
import { CloseIcon, ExternalIcon } from "./Icons.tsx";

/** Props of {@link Lightbox}. */
export interface LightboxProps {
  /** An object URL of the image. */
  src: string;
  /** The file's name: the dialog's label and the image's alt text. */
  name: string;
  /** Closes it: Escape, the close button, or a click on the backdrop. */
  onClose(): void;
}

/**
 * The full-size image in a modal `<dialog>`: the browser traps focus in it and gives it
 * back afterwards. Escape closes only the lightbox (not the widget around it), and so does
 * a click on the backdrop.
 *
 * @example
 * ```tsx
 * {open ? <Lightbox src={objectUrl} name={item.name} onClose={() => setOpen(false)} /> : null}
 * ```
 */
export function Lightbox({ src, name, onClose }: LightboxProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const t = useTranslator();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  return (
    <dialog
      ref={ref}
      className="sb-lightbox"
      aria-label={name}
      onClose={onClose}
      onKeyDown={(event) => {
        if (event.key !== "Escape") return;
        // Handled here: the widget's own Escape handler must not close the whole chat.
        event.preventDefault();
        event.stopPropagation();
        onClose();
      }}
      onClick={(event) => event.target === event.currentTarget && onClose()}
    >
      <div className="sb-lightbox__bar">
        <span className="sb-lightbox__name">{name}</span>
        <a className="sb-lightbox__btn" href={src} target="_blank" rel="noopener noreferrer">
          <ExternalIcon className="sb-icon sb-icon--sm" />
          Open in new tab
        </a>
        <button
          type="button"
          className="sb-iconbtn sb-lightbox__close"
          aria-label={t("lightbox.close")}
          onClick={onClose}
        >
          <CloseIcon className="sb-icon" />
        </button>
      </div>
      <img className="sb-lightbox__img" src={src} alt={name} />
    </dialog>
  );
}
