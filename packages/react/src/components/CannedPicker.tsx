import type { CannedResponse } from "@switchboard/protocol";
import { useId, useState, type KeyboardEvent, type ReactNode, type RefObject } from "react";
import { fillCanned, matchCanned, slashQuery, type CannedContext } from "../hooks/canned.ts";
import { useCannedResponses } from "../hooks/useCannedResponses.ts";
import type { ComposerHandle, ComposerProps } from "./Composer.tsx";

/** Options of {@link useCannedPicker}. */
export interface CannedPickerOptions {
  /** The composer the picker inserts into (its `handleRef`). */
  composer: RefObject<ComposerHandle | null>;
  /** What the placeholders are filled with. */
  context: CannedContext;
  /** Shown in the picker while the team has no canned response yet. */
  emptyHint?: ReactNode;
}

/** The {@link Composer} props that wire a canned-response picker into it. */
export type CannedPickerProps = Required<
  Pick<ComposerProps, "onValueChange" | "onInputKeyDown" | "inputAria" | "popup">
>;

/**
 * The canned-response picker of an agent's composer: `/` at the start of the field opens
 * it (and reads the team's list again), the text after the slash filters it (shortcode,
 * title, then text), Up and Down choose, Enter or Tab (or a click) inserts the response
 * with its placeholders filled, Escape closes it and leaves the text as typed. The field stays a textbox that points at the
 * chosen option (`aria-activedescendant`), so screen readers read each one as it is
 * chosen. Spread the result on the `Composer`.
 *
 * @param options - The composer's handle, the placeholders' values, an empty-list hint.
 * @returns The props to spread on the `Composer`.
 *
 * @example
 * ```tsx
 * const composer = useRef<ComposerHandle>(null);
 * const picker = useCannedPicker({ composer, context: { customerName, agentName } });
 * <Composer handleRef={composer} onSend={send} {...picker} />
 * ```
 */
export function useCannedPicker(options: CannedPickerOptions): CannedPickerProps {
  const { responses, status, refresh } = useCannedResponses();
  const id = useId();
  const [value, setValue] = useState("");
  const [active, setActive] = useState(0);
  const [dismissed, setDismissed] = useState(false);
  const query = slashQuery(value);
  const open = query !== null && !dismissed;
  const shown = open ? matchCanned(responses, query) : [];
  const current = Math.min(active, Math.max(0, shown.length - 1));
  const optionId = (i: number) => `${id}-option-${i}`;

  const insert = (response: CannedResponse) => {
    options.composer.current?.setText(fillCanned(response.content, options.context));
    options.composer.current?.focus();
  };

  const onInputKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (!open || event.nativeEvent.isComposing) return;
    if (event.key === "Escape") {
      event.preventDefault();
      event.stopPropagation(); // the picker's Escape, not the page's
      setDismissed(true);
      return;
    }
    if (shown.length === 0) return;
    const step = { ArrowDown: 1, ArrowUp: -1 }[event.key];
    if (step) {
      event.preventDefault();
      setActive((current + step + shown.length) % shown.length);
    } else if ((event.key === "Enter" && !event.shiftKey) || event.key === "Tab") {
      event.preventDefault();
      insert(shown[current]!);
    }
  };

  const popup = open ? (
    <div className="sb-canned" data-canned-picker="">
      <p className="sb-canned__head" id={`${id}-label`}>
        Canned responses
        <span aria-hidden="true">↑↓ to choose · Enter to insert · Esc to close</span>
      </p>
      {shown.length > 0 ? (
        <ul
          className="sb-canned__list"
          role="listbox"
          id={`${id}-list`}
          aria-labelledby={`${id}-label`}
        >
          {shown.map((c, i) => (
            <li
              key={c.id}
              id={optionId(i)}
              role="option"
              aria-selected={i === current}
              className="sb-canned__option"
              // Keeps the focus in the field: the click inserts, the field stays active.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => insert(c)}
              onMouseEnter={() => setActive(i)}
            >
              <span className="sb-canned__code">/{c.shortcode}</span>
              <span className="sb-canned__title">{c.title}</span>
              <span className="sb-canned__text">{fillCanned(c.content, options.context)}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p className="sb-canned__empty">
          {status === "loading"
            ? "Loading…"
            : responses.length === 0
              ? (options.emptyHint ?? "No canned responses yet.")
              : `No canned response matches “${query}”.`}
        </p>
      )}
      <p className="sb-sr-only" role="status">
        {shown.length > 0
          ? `${shown.length} canned response${shown.length === 1 ? "" : "s"}. Up and down to choose, Enter to insert.`
          : ""}
      </p>
    </div>
  ) : null;

  return {
    onValueChange: (next) => {
      // Opening reads the list again: a teammate may have added one meanwhile.
      if (slashQuery(value) === null && slashQuery(next) !== null) refresh();
      setValue(next);
      setActive(0);
      if (slashQuery(next) === null) setDismissed(false);
    },
    onInputKeyDown,
    inputAria: open
      ? {
          "aria-autocomplete": "list",
          ...(shown.length > 0
            ? { "aria-controls": `${id}-list`, "aria-activedescendant": optionId(current) }
            : {}),
        }
      : {},
    popup,
  };
}
