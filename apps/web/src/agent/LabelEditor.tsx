import type { ChatState } from "@switchboard/client";
import type { Room } from "@switchboard/protocol";
import {
  avatarColor,
  CloseIcon,
  sameItems,
  useChatClient,
  useChatSelector,
} from "@switchboard/react";
import { useId, useState } from "react";
import { labelProblem, normalizeLabel } from "./labels.ts";
import { useRoomAction } from "./RoomActions.tsx";

/** Every label on the rooms this tab holds, sorted: the suggestions and the inbox filter. */
export const knownLabels = (s: ChatState) =>
  [...new Set(Object.values(s.rooms).flatMap((r) => r.labels ?? []))].sort();

/** One label as a chip: a dot of its own colour (decorative), then the word. */
export function LabelChip(props: { label: string; onRemove?(): void; disabled?: boolean }) {
  return (
    <span className="sb-label">
      <span
        className="sb-label__dot"
        style={{ background: avatarColor(props.label) }}
        aria-hidden="true"
      />
      <span className="sb-label__text">{props.label}</span>
      {props.onRemove ? (
        <button
          type="button"
          className="sb-label__remove"
          aria-label={`Remove label ${props.label}`}
          disabled={props.disabled}
          onClick={props.onRemove}
        >
          <CloseIcon className="sb-icon sb-icon--sm" />
        </button>
      ) : null}
    </span>
  );
}

/**
 * The conversation's labels (contract v2 `set-labels`): each removable, and a field that
 * adds one on Enter, checked as the server checks it (lower case and dashes are made of
 * what was typed), with the team's labels as suggestions.
 */
export function LabelEditor({ room }: { room: Room }) {
  const client = useChatClient();
  const id = useId();
  const labels = room.labels ?? [];
  const suggestions = useChatSelector(knownLabels, sameItems);
  const [text, setText] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const action = useRoomAction();
  const save = (next: string[], then?: () => void) =>
    action.run("labels", () => client.setLabels(room.id, next), then);
  const add = () => {
    const label = normalizeLabel(text);
    const why = labelProblem(label, labels);
    setProblem(why);
    if (!why) save([...labels, label], () => setText(""));
  };
  const error = problem ?? action.error;

  return (
    <section className="sb-panel__section" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`}>Labels</h3>
      {labels.length > 0 ? (
        <ul className="sb-labels" aria-label="Labels on this conversation">
          {labels.map((label) => (
            <li key={label}>
              <LabelChip
                label={label}
                disabled={action.busy !== null}
                onRemove={() => save(labels.filter((l) => l !== label))}
              />
            </li>
          ))}
        </ul>
      ) : (
        <p className="sb-panel__current sb-panel__none">No labels yet.</p>
      )}
      <form
        className="sb-labels__add"
        onSubmit={(event) => {
          event.preventDefault();
          add();
        }}
      >
        <label htmlFor={`${id}-input`} className="sb-sr-only">
          Add a label
        </label>
        <input
          id={`${id}-input`}
          className="sb-input"
          placeholder="Add a label…"
          list={`${id}-known`}
          autoComplete="off"
          spellCheck={false}
          value={text}
          aria-invalid={problem ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          onChange={(e) => {
            setText(e.target.value);
            setProblem(null);
          }}
        />
        <datalist id={`${id}-known`}>
          {suggestions
            .filter((l) => !labels.includes(l))
            .map((l) => (
              <option key={l} value={l} />
            ))}
        </datalist>
        <button
          type="submit"
          className="sb-btn sb-btn--ghost sb-btn--small"
          disabled={action.busy !== null || !text.trim()}
        >
          Add
        </button>
      </form>
      {error ? (
        <p id={`${id}-error`} className="sb-assign__error" role="alert">
          {error}
        </p>
      ) : null}
    </section>
  );
}
