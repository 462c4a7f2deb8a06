import { createTypingInput, type TypingInput } from "@switchboard/client";
import { LIMITS, codePointLength, normalizeContent } from "@switchboard/protocol";
import {
  useEffect,
  useId,
  useImperativeHandle,
  useLayoutEffect,
  useRef,
  useState,
  type AriaAttributes,
  type ClipboardEvent,
  type KeyboardEvent,
  type ReactNode,
  type Ref,
} from "react";
import { ACCEPT } from "../lib/files.ts";
import { useTranslator } from "../hooks/useTranslator.ts";
import { AlertIcon, CloseIcon, PaperclipIcon, SendIcon } from "./Icons.tsx";

/** The counter appears this close to the limit, so it is not noise in normal use. */
const COUNTER_FROM = LIMITS.contentMaxCodePoints - 500;

/** What a parent may do to a {@link Composer}'s field (its `handleRef`). */
export interface ComposerHandle {
  /** Replaces the text (as if typed: typing is reported) and puts the caret at its end. */
  setText(text: string): void;
  /** Focuses the field. */
  focus(): void;
}

/**
 * ARIA attributes a parent puts on the field (a textbox), e.g. for a list of suggestions
 * it controls: `aria-autocomplete: "list"`, `aria-controls`, `aria-activedescendant`.
 */
export type ComposerInputAria = Pick<
  AriaAttributes,
  "aria-controls" | "aria-activedescendant" | "aria-autocomplete" | "aria-keyshortcuts"
>;

/** Props of {@link Composer}. */
export interface ComposerProps {
  /** A message to send: trimmed and normalised, never empty, never over the limit. */
  onSend(content: string): void;
  /**
   * The user is typing: on every change while the field holds text (`client.typing`, which
   * `useTyping`'s `notifyTyping` calls, sends at most one event per 2 s).
   */
  onTyping?(): void;
  /**
   * The user stopped typing: sent, emptied the field, left it, or 4 s without a change
   * (the SDK's `createTypingInput` rule). Once per spell of typing.
   */
  onStopTyping?(): void;
  /** The textarea itself is disabled (e.g. the conversation is closed). */
  disabled?: boolean;
  /** Typing is fine but sending must wait (e.g. the room is still being joined). */
  sendBlocked?: boolean;
  /** The empty field's hint. Default "Write a message…" (in the provider's language). */
  placeholder?: string;
  /** Lets the parent focus the textarea (e.g. when the widget opens). */
  inputRef?: Ref<HTMLTextAreaElement | null>;
  /** Files picked with the attach button or pasted; absent: no attach button. */
  onAttach?(files: File[]): void;
  /** The attach button shows but waits (e.g. until the room is joined). */
  attachDisabled?: boolean;
  /** Why the last files could not be attached (shown above the input). */
  attachError?: string | null;
  /** Dismisses `attachError`. */
  onDismissError?(): void;
  /** Called with the field's text on every change (typing, sending, `setText`). */
  onValueChange?(value: string): void;
  /**
   * Called first on every key in the field; calling `event.preventDefault()` stops the
   * composer's own handling (Enter sends), e.g. while a picker uses Enter and the arrows.
   */
  onInputKeyDown?(event: KeyboardEvent<HTMLTextAreaElement>): void;
  /** Lets the parent replace the text or focus the field (see {@link ComposerHandle}). */
  handleRef?: Ref<ComposerHandle | null>;
  /** ARIA attributes of the field (see {@link ComposerInputAria}). */
  inputAria?: ComposerInputAria;
  /** Shown just above the field, e.g. a picker of canned responses. */
  popup?: ReactNode;
}

/** The attach button and its hidden file input (the button is what keyboards reach). */
function AttachButton({
  onAttach,
  disabled,
}: {
  onAttach(files: File[]): void;
  disabled: boolean;
}) {
  const input = useRef<HTMLInputElement>(null);
  const t = useTranslator();
  return (
    <>
      <button
        type="button"
        className="sb-composer__attach"
        aria-label={t("composer.attach")}
        title={t("composer.attachHint")}
        disabled={disabled}
        onClick={() => input.current?.click()}
      >
        <PaperclipIcon className="sb-icon" />
      </button>
      <input
        ref={input}
        type="file"
        accept={ACCEPT}
        multiple
        hidden
        tabIndex={-1}
        onChange={(event) => {
          const files = [...(event.target.files ?? [])];
          event.target.value = ""; // the same file may be picked again
          if (files.length > 0) onAttach(files);
        }}
      />
    </>
  );
}

function AttachError({ text, onDismiss }: { text: string; onDismiss?: () => void }) {
  const t = useTranslator();
  return (
    <div className="sb-composer__error" role="alert">
      <AlertIcon className="sb-icon sb-icon--sm" />
      <span>{text}</span>
      {onDismiss ? (
        <button
          type="button"
          className="sb-iconbtn"
          aria-label={t("composer.dismiss")}
          onClick={onDismiss}
        >
          <CloseIcon className="sb-icon sb-icon--sm" />
        </button>
      ) : null}
    </div>
  );
}

/**
 * The message field and its Send button: Enter sends, Shift+Enter breaks the line (an IME
 * composing a word keeps Enter), it grows to a few lines, counts characters near the limit,
 * takes pasted files, and reports typing. Labelled "Message" for assistive technology.
 *
 * @example
 * ```tsx
 * const { send } = useSend(roomId);
 * const typing = useTyping(roomId, "admin");
 * <Composer onSend={send} onTyping={typing.notifyTyping} onStopTyping={typing.notifyStopTyping} />
 * ```
 */
export function Composer(props: ComposerProps) {
  const { onSend, onTyping, onStopTyping, disabled = false, sendBlocked = false } = props;
  const [value, setValue] = useState("");
  const t = useTranslator();
  const area = useRef<HTMLTextAreaElement | null>(null);
  // Runs after mount, when the textarea exists.
  useImperativeHandle(props.inputRef, () => area.current as HTMLTextAreaElement, []);
  // The SDK's rule of one's own typing; the callbacks of the latest render.
  const callbacks = useRef({ onTyping, onStopTyping });
  useLayoutEffect(() => {
    callbacks.current = { onTyping, onStopTyping };
  });
  const typingInput = useRef<TypingInput | null>(null);
  // Made at the first keystroke (event handlers only): the callbacks are read when it signals.
  const typing = () =>
    (typingInput.current ??= createTypingInput({
      typing: () => callbacks.current.onTyping?.(),
      stopTyping: () => callbacks.current.onStopTyping?.(),
    }));
  // Leaving the screen ends a spell of typing.
  useEffect(() => () => typingInput.current?.stop(), []);
  const onValueChange = useRef(props.onValueChange);
  useLayoutEffect(() => {
    onValueChange.current = props.onValueChange;
  });
  const change = (next: string) => {
    setValue(next);
    onValueChange.current?.(next);
    typing().changed(next);
  };
  const caretToEnd = useRef(false);
  useImperativeHandle(
    props.handleRef,
    () => ({
      setText: (text: string) => {
        caretToEnd.current = true;
        change(text);
      },
      focus: () => area.current?.focus(),
    }),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- `change` reads refs and setters only
    [],
  );
  const counterId = useId();

  const content = normalizeContent(value);
  const length = codePointLength(content);
  const tooLong = length > LIMITS.contentMaxCodePoints;
  const canSend = !disabled && !sendBlocked && length > 0 && !tooLong;

  // Grow with the text up to a few lines, then scroll inside.
  useLayoutEffect(() => {
    const el = area.current;
    if (!el) return;
    el.style.height = "auto";
    el.style.height = `${Math.min(el.scrollHeight, 160)}px`;
    if (caretToEnd.current) {
      caretToEnd.current = false;
      el.setSelectionRange(value.length, value.length);
      el.scrollTop = el.scrollHeight;
    }
  }, [value]);

  const submit = () => {
    if (!canSend) return;
    onSend(content);
    setValue("");
    onValueChange.current?.("");
    typing().stop();
    area.current?.focus();
  };

  // A pasted screenshot arrives as a file; text with it (rich copies) still pastes.
  const onPaste = (event: ClipboardEvent<HTMLTextAreaElement>) => {
    const files = [...event.clipboardData.files];
    if (files.length === 0 || !props.onAttach) return;
    if (!event.clipboardData.types.includes("text/plain")) event.preventDefault();
    props.onAttach(files);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    props.onInputKeyDown?.(event);
    if (event.defaultPrevented) return;
    // An IME composing a word uses Enter to confirm it, not to send.
    if (event.key !== "Enter" || event.shiftKey || event.nativeEvent.isComposing) return;
    event.preventDefault();
    submit();
  };

  return (
    <div className="sb-composer-wrap">
      {props.attachError ? (
        <AttachError text={props.attachError} onDismiss={props.onDismissError} />
      ) : null}
      {props.popup}
      <form
        className={`sb-composer${disabled ? " sb-composer--disabled" : ""}`}
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        {props.onAttach ? (
          <AttachButton
            onAttach={props.onAttach}
            disabled={disabled || sendBlocked || !!props.attachDisabled}
          />
        ) : null}
        <label className="sb-sr-only" htmlFor={`${counterId}-input`}>
          {t("composer.label")}
        </label>
        <textarea
          id={`${counterId}-input`}
          ref={area}
          className="sb-composer__input"
          rows={1}
          value={value}
          disabled={disabled}
          placeholder={props.placeholder ?? t("composer.placeholder")}
          aria-describedby={length >= COUNTER_FROM ? counterId : undefined}
          aria-invalid={tooLong || undefined}
          {...props.inputAria}
          onChange={(event) => change(event.target.value)}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          onBlur={() => typing().stop()}
        />
        {length >= COUNTER_FROM ? (
          <span id={counterId} className={`sb-composer__count${tooLong ? " is-over" : ""}`}>
            {length} / {LIMITS.contentMaxCodePoints}
          </span>
        ) : null}
        <button
          type="submit"
          className="sb-composer__send"
          aria-label={t("composer.send")}
          disabled={!canSend}
        >
          <SendIcon className="sb-icon" />
        </button>
      </form>
    </div>
  );
}
