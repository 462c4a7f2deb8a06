import { useId } from "react";
import "../styles/dialog.css";
import { useModal } from "./useModal.ts";

/** Every shortcut, as the help dialog lists them. */
export const SHORTCUTS: { keys: string[][]; what: string }[] = [
  { keys: [["j"], ["Alt", "↓"]], what: "Next conversation in the inbox" },
  { keys: [["k"], ["Alt", "↑"]], what: "Previous conversation in the inbox" },
  { keys: [["Enter"]], what: "Open the conversation" },
  { keys: [["Esc"]], what: "From the reply field: back to the inbox" },
  { keys: [["a"]], what: "Assign the conversation to me" },
  { keys: [["n"]], what: "Switch between reply and private note" },
  { keys: [["/"]], what: "Insert a canned response" },
  { keys: [["e"]], what: "Close the conversation (asks first)" },
  { keys: [["?"]], what: "Show these shortcuts" },
];

/** Every keyboard shortcut of the dashboard, in a modal dialog (`?`). */
export function ShortcutsDialog({ onClose }: { onClose(): void }) {
  const ref = useModal();
  const id = useId();
  return (
    <dialog
      ref={ref}
      className="sb-dialog sb-shortcuts"
      aria-labelledby={`${id}-title`}
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <h2 id={`${id}-title`} className="sb-dialog__title">
        Keyboard shortcuts
      </h2>
      <p className="sb-shortcuts__hint">They work whenever you are not typing in a field.</p>
      <table className="sb-shortcuts__table">
        <thead className="sb-sr-only">
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">What they do</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map(({ keys, what }) => (
            <tr key={what}>
              <td>
                {keys.map((combo, i) => (
                  <span key={combo.join("+")}>
                    {i > 0 ? <span className="sb-shortcuts__or"> or </span> : null}
                    {combo.map((k, j) => (
                      <span key={k}>
                        {j > 0 ? "+" : null}
                        <kbd>{k}</kbd>
                      </span>
                    ))}
                  </span>
                ))}
              </td>
              <td>{what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="sb-dialog__actions">
        <button type="button" className="sb-btn" autoFocus onClick={onClose}>
          Done
        </button>
      </div>
    </dialog>
  );
}
