import { useEffect, useRef } from "react";

/**
 * Runs the host's push registration once, when `ready` first turns true (the screen opened
 * its room: the user is signed in and the server took their token). Asking for the
 * notification permission there, with the chat in view, is when users understand why. A
 * failure is logged, never thrown: the chat works without push.
 *
 * @param register - The host's registration (permission, device token, `POST
 *   /api/chat/devices`); undefined: nothing to run.
 * @param ready - True once the room is open; the first true runs `register`, once.
 *
 * @example
 * ```tsx
 * usePushRegistration(() => registerForPush({ serverUrl, getToken }), roomId !== null);
 * ```
 */
export function usePushRegistration(
  register: (() => Promise<unknown> | void) | undefined,
  ready: boolean,
): void {
  // Through a ref: a host passing an inline function must not register again on each render.
  const latest = useRef(register);
  useEffect(() => {
    latest.current = register;
  }, [register]);
  const done = useRef(false);
  useEffect(() => {
    if (!ready || done.current || !latest.current) return;
    done.current = true;
    const run = latest.current;
    Promise.resolve()
      .then(() => run())
      .catch((e: unknown) => console.warn("switchboard: push registration failed", e));
  }, [ready]);
}
