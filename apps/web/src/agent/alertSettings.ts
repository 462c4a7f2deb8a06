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

/** Changes a setting, here and in storage (another tab picks it up at its next load). */
export function setAlertSetting<K extends keyof AlertSettings>(key: K, value: AlertSettings[K]) {
  current = { ...alertSettings(), [key]: value };
  try {
    localStorage.setItem(KEY, JSON.stringify(current));
  } catch {
    // Private mode without storage: the setting lasts for this page.
  }
  for (const l of [...listeners]) l();
}

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => void listeners.delete(listener);
};

/** The alert settings, re-rendering when one changes. */
export function useAlertSettings(): AlertSettings {
  return useSyncExternalStore(subscribe, alertSettings, alertSettings);
}
