import { useAgents, useChatClient } from "@switchboard/react";
import { useState } from "react";

/**
 * Online / away in the top bar (contract v2 `set-availability`): a switch named "Available
 * for new chats". Away, routing gives the agent no new chats; they stay connected and keep
 * their own. The server keeps the choice across reconnects; the switch shows what the
 * directory says (`GET /api/chat/agents`), and the choice at once while it is saved.
 */
export function AvailabilityToggle({ me }: { me: string | undefined }) {
  const client = useChatClient();
  const { agents, refresh } = useAgents();
  const [pending, setPending] = useState<"online" | "away" | null>(null);
  const [failed, setFailed] = useState(false);
  const known = agents.find((a) => a.id === me)?.status;
  const status = pending ?? (known === "away" ? "away" : "online");
  const available = status === "online";

  const toggle = () => {
    const next = available ? "away" : "online";
    setPending(next);
    setFailed(false);
    client.setAvailability(next).then(
      () => {
        refresh();
        setPending(null);
      },
      (e: unknown) => {
        console.warn("Switchboard: set-availability failed", e);
        setPending(null);
        setFailed(true);
      },
    );
  };

  return (
    <span className="sb-avail">
      <button
        type="button"
        role="switch"
        aria-checked={available}
        className={`sb-avail__switch${available ? " is-on" : ""}`}
        title={
          available
            ? "You get new chats. Switch off to stop routing new chats to you."
            : "Away: no new chats are routed to you. You keep your open chats."
        }
        onClick={toggle}
      >
        <span className="sb-avail__track" aria-hidden="true">
          <span className="sb-avail__knob" />
        </span>
        <span className="sb-avail__text">
          Available<span className="sb-sr-only"> for new chats</span>
        </span>
      </button>
      {failed ? (
        <span className="sb-avail__error" role="alert">
          Not saved: try again
        </span>
      ) : null}
    </span>
  );
}
