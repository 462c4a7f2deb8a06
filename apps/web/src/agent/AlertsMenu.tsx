import { BellIcon } from "@switchboard/react";
import { useEffect, useId, useRef, useState } from "react";
import { setAlertSetting, useAlertSettings } from "./alertSettings.ts";
import { permission } from "./notifications.tsx";

/** A labelled switch (a button with `role="switch"`), its description read after the name. */
function Switch(props: {
  label: string;
  description: string;
  checked: boolean;
  disabled?: boolean;
  onChange(on: boolean): void;
}) {
  const id = useId();
  return (
    <div className="sb-alerts__row">
      <button
        type="button"
        role="switch"
        aria-checked={props.checked}
        aria-labelledby={`${id}-label`}
        aria-describedby={`${id}-desc`}
        disabled={props.disabled}
        className={`sb-avail__switch sb-alerts__switch${props.checked ? " is-on" : ""}`}
        onClick={() => props.onChange(!props.checked)}
      >
        <span className="sb-avail__track" aria-hidden="true">
          <span className="sb-avail__knob" />
        </span>
      </button>
      <span className="sb-alerts__text">
        <span id={`${id}-label`} className="sb-alerts__label">
          {props.label}
        </span>
        <span id={`${id}-desc`} className="sb-alerts__desc">
          {props.description}
        </span>
      </span>
    </div>
  );
}

function notificationWords(state: ReturnType<typeof permission>, on: boolean): string {
  if (state === "unsupported") return "This browser cannot show notifications here.";
  if (state === "denied")
    return "Blocked for this site: allow them in the browser's site settings.";
  if (state === "default" && on) return "Turn on, then allow them when the browser asks.";
  return "Shown while this page is in the background or behind another window.";
}

/**
 * The top bar's Alerts menu: a chime for new messages in your chats (mute it here), and
 * browser notifications, which can be turned off again (the browser's permission cannot be
 * taken back by a page, so the dashboard keeps its own setting). A disclosure: Escape (the
 * focus then goes back to its button), a click elsewhere or tabbing out closes it.
 */
export function AlertsMenu() {
  const settings = useAlertSettings();
  const [open, setOpen] = useState(false);
  const [state, setState] = useState(permission);
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const notifying = settings.notifications && state === "granted";

  useEffect(() => {
    if (!open) return;
    const outside = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener("pointerdown", outside);
    return () => document.removeEventListener("pointerdown", outside);
  }, [open]);

  const setNotifications = (on: boolean) => {
    setAlertSetting("notifications", on);
    if (on && state === "default")
      void Notification.requestPermission().then(setState, () => setState(permission()));
  };

  return (
    <div
      ref={root}
      className="sb-alerts"
      onBlur={(e) => {
        // Tabbing out of the menu closes it, as a click elsewhere does.
        if (open && !root.current?.contains(e.relatedTarget as Node | null)) setOpen(false);
      }}
      onKeyDown={(e) => {
        if (e.key !== "Escape" || !open) return;
        e.preventDefault();
        setOpen(false);
        button.current?.focus();
      }}
    >
      <button
        ref={button}
        type="button"
        className={`sb-btn sb-btn--ghost sb-btn--small sb-alerts__btn${settings.sound || notifying ? "" : " is-muted"}`}
        aria-expanded={open}
        aria-controls={`${id}-panel`}
        onClick={() => {
          setState(permission());
          setOpen((o) => !o);
        }}
      >
        <BellIcon className="sb-icon sb-icon--sm" />
        Alerts
      </button>
      {open ? (
        <div id={`${id}-panel`} className="sb-alerts__panel" role="group" aria-label="Alerts">
          <Switch
            label="Sound"
            description="A chime for each new message in your chats."
            checked={settings.sound}
            onChange={(on) => setAlertSetting("sound", on)}
          />
          <Switch
            label="Desktop notifications"
            description={notificationWords(state, settings.notifications)}
            checked={notifying}
            disabled={state === "unsupported" || state === "denied"}
            onChange={setNotifications}
          />
        </div>
      ) : null}
    </div>
  );
}
