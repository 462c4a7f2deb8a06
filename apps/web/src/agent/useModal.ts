import { useLayoutEffect, useRef } from "react";

/** Whether focus is nowhere useful: on the page itself (what a removed dialog leaves). */
const focusLost = () => {
  const active = document.activeElement;
  return !active || active === document.body || !active.isConnected;
};

function focusable(el: HTMLElement | null): el is HTMLElement {
  return !!el && el.isConnected && !(el as HTMLButtonElement).disabled;
}

/**
 * A `<dialog>` shown modal while the component lives: focus moves into it (the browser puts
 * it on the `autoFocus` element), and back to the control that opened it when it goes,
 * whether by Escape, Cancel or the action itself. When that control is gone (the action
 * changed the page: "Assign to me" becomes "Assigned to you"), `fallback` says where focus
 * goes instead (the composer, say), so it never drops to the page body.
 *
 * @returns The ref to put on the `<dialog>`.
 */
export function useModal(fallback?: () => HTMLElement | null) {
  const ref = useRef<HTMLDialogElement>(null);
  const fallbackRef = useRef(fallback);
  useLayoutEffect(() => {
    fallbackRef.current = fallback;
  });
  useLayoutEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => {
      dialog?.close();
      // After React has removed the dialog and rendered what the action changed.
      setTimeout(() => {
        if (!focusLost() && !dialog?.contains(document.activeElement)) return;
        const target = focusable(opener) ? opener : (fallbackRef.current?.() ?? null);
        target?.focus();
      });
    };
  }, []);
  return ref;
}
