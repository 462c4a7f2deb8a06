import { isBridgeMessage, type FrameToHost, type HostToFrame } from "@switchboard/widget";

/** The frame's side of the loader protocol; inert when widget.html is opened on its own. */
export interface FrameBridge {
  embedded: boolean;
  send(message: FrameToHost): void;
  listen(handler: (message: HostToFrame) => void): () => void;
}

export function createFrameBridge(hostOrigin: string | null): FrameBridge {
  const embedded = window.parent !== window;
  // Posting only to the host's origin keeps even the unread count off other pages.
  const target = hostOrigin && hostOrigin !== "null" ? hostOrigin : "*";
  return {
    embedded,
    send(message) {
      if (embedded) window.parent.postMessage(message, target);
    },
    listen(handler) {
      const onMessage = (event: MessageEvent) => {
        if (event.source !== window.parent || !isBridgeMessage<HostToFrame>(event.data)) return;
        if (target !== "*" && event.origin !== target) return;
        handler(event.data);
      };
      window.addEventListener("message", onMessage);
      return () => window.removeEventListener("message", onMessage);
    },
  };
}
