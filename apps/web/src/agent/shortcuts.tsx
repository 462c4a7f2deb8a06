import {
  createContext,
  useContext,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from "react";
import { ShortcutsDialog } from "./ShortcutsDialog.tsx";

/** What a shortcut asks of the open conversation (the component that can do it registers). */
export type ShortcutAction = "close" | "note" | "canned" | "assign";

type Handlers = Map<ShortcutAction, { current: () => void }>;
const Registry = createContext<{ handlers: Handlers; openHelp(): void } | null>(null);

/** Whether a key press goes into something the user is typing in (no shortcut then). */
function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (!(target instanceof HTMLInputElement)) return false;
  return !["button", "checkbox", "radio", "submit", "reset", "range"].includes(target.type);
}

/** The inbox's rows, and the one the keyboard is on (focused, else the open one). */
function inboxRows(): { rows: HTMLElement[]; at: number } {
  const rows = [...document.querySelectorAll<HTMLElement>(".sb-rooms__list .sb-room")];
  const focused = rows.findIndex((r) => r === document.activeElement);
  const at = focused >= 0 ? focused : rows.findIndex((r) => r.getAttribute("aria-current"));
  return { rows, at };
}

/** Moves the keyboard to the next (+1) or previous (-1) conversation of the inbox. */
export function moveInInbox(step: 1 | -1): void {
  const { rows, at } = inboxRows();
  if (rows.length === 0) return;
  const next = at < 0 ? (step > 0 ? 0 : rows.length - 1) : at + step;
  const row = rows[Math.max(0, Math.min(rows.length - 1, next))];
  row?.focus();
  row?.scrollIntoView({ block: "nearest" });
}

/** Focus goes back to the open conversation's row in the inbox (Escape from the composer). */
export function focusInbox(): void {
  const { rows, at } = inboxRows();
  rows[Math.max(0, at)]?.focus();
}

/** The key's action, or null: letters without modifiers, Alt+arrows, and "?". */
function actionOf(e: KeyboardEvent): ShortcutAction | "next" | "previous" | "help" | null {
  if (e.ctrlKey || e.metaKey) return null;
  if (e.altKey) {
    if (e.key === "ArrowDown") return "next";
    if (e.key === "ArrowUp") return "previous";
    return null;
  }
  const byKey: Record<string, ReturnType<typeof actionOf>> = {
    j: "next",
    k: "previous",
    e: "close",
    n: "note",
    "/": "canned",
    a: "assign",
    "?": "help",
  };
  return byKey[e.key] ?? null;
}

/**
 * The dashboard's keyboard shortcuts (listed by `?`). None fires while typing in a field or
 * with a dialog open; the open conversation's parts register what `a`, `n`, `/` and `e` do
 * ({@link useShortcut}).
 */
export function ShortcutsProvider({ children }: { children: ReactNode }) {
  const [handlers] = useState<Handlers>(() => new Map());
  const [help, setHelp] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.repeat || typingIn(e.target)) return;
      if (document.querySelector("dialog[open]")) return;
      const action = actionOf(e);
      if (!action) return;
      if (action === "help") setHelp(true);
      else if (action === "next" || action === "previous") moveInInbox(action === "next" ? 1 : -1);
      else {
        const handler = handlers.get(action);
        if (!handler) return;
        handler.current();
      }
      e.preventDefault();
    };
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [handlers]);
  const value = useMemo(() => ({ handlers, openHelp: () => setHelp(true) }), [handlers]);
  return (
    <Registry.Provider value={value}>
      {children}
      {help ? <ShortcutsDialog onClose={() => setHelp(false)} /> : null}
    </Registry.Provider>
  );
}

/** Registers what a shortcut does while this component is mounted (`handler` may change). */
export function useShortcut(action: ShortcutAction, handler: (() => void) | null): void {
  const handlers = useContext(Registry)?.handlers;
  const ref = useRef(handler);
  useLayoutEffect(() => {
    ref.current = handler;
  });
  const active = handler !== null;
  useEffect(() => {
    if (!handlers || !active) return;
    const entry = { current: () => ref.current?.() };
    handlers.set(action, entry);
    return () => {
      if (handlers.get(action) === entry) handlers.delete(action);
    };
  }, [handlers, action, active]);
}

/** The top bar's button that lists the shortcuts (what `?` does). */
export function ShortcutsButton() {
  const registry = useContext(Registry);
  return (
    <button
      type="button"
      className="sb-iconbtn sb-shortcuts__open"
      aria-label="Keyboard shortcuts"
      aria-keyshortcuts="?"
      title="Keyboard shortcuts (?)"
      onClick={() => registry?.openHelp()}
    >
      <span aria-hidden="true">?</span>
    </button>
  );
}
