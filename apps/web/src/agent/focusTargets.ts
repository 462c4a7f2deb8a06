/**
 * Where focus goes in the open conversation when the control that had it is gone: the
 * composer when it takes text, else the conversation's heading (focusable by script).
 */
export function conversationFocus(): HTMLElement | null {
  const view = document.querySelector<HTMLElement>(".sb-roomview");
  return (
    view?.querySelector<HTMLTextAreaElement>("textarea:not(:disabled)") ??
    view?.querySelector<HTMLElement>(".sb-roomview__title h2") ??
    null
  );
}
