import { useSyncExternalStore } from "react";

/** The agent's alert settings, kept in this browser (localStorage). */
export interface AlertSettings {
  /** A chime for each new customer message in a chat assigned to the agent. */
  sound: boolean;
  /** Browser notifications while the page is not in front (the permission is the browser's). */
  notifications: boolean;
}

const KEY = "switchboard:agent:alerts";
const DEFAULTS: AlertSettings = { sound: true, notifications: true };
const listeners = new Set<() => void>();
let current: AlertSettings | null = null;

function read(): AlertSettings {
  try {
    const stored = JSON.parse(localStorage.getItem(KEY) ?? "{}") as Partial<AlertSettings>;
    return { ...DEFAULTS, ...stored };
  } catch {
    return DEFAULTS; // storage blocked or garbled: the defaults
  }
}

/** The settings now (read once from storage, then kept in memory). */
export function alertSettings(): AlertSettings {
  return (current ??= read());
}

/** Changes a setting, here and in storage (other tabs take it from the `storage` event). */
export function setAlertSetting<K extends keyof AlertSettings>(key: K, value: AlertSettings[K]) {
  current = { ...alertSettings(), [key]: value };
  try {
    localStorage.setItem(KEY, JSON.stringify(current));
  } catch {
    // Private mode without storage: the setting lasts for this page.
  }
  for (const l of [...listeners]) l();
}

/** Another tab changed the settings: take them, and tell this one's listeners. */
function onStorage(e: StorageEvent) {
  if (e.key !== KEY) return;
  current = read();
  for (const l of [...listeners]) l();
}

const subscribe = (listener: () => void) => {
  if (listeners.size === 0) window.addEventListener("storage", onStorage);
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0) window.removeEventListener("storage", onStorage);
  };
};

/** The alert settings, re-rendering when one changes. */
export function useAlertSettings(): AlertSettings {
  return useSyncExternalStore(subscribe, alertSettings, alertSettings);
}
