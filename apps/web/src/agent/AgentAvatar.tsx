import type { AgentStatus } from "@switchboard/protocol";
import { avatarColor, initials } from "@switchboard/react";

/** How each availability reads. */
export const STATUS_LABEL: Record<AgentStatus, string> = {
  online: "Online",
  away: "Away",
  offline: "Offline",
};

/**
 * An agent's avatar: initials on their own colour (the one their messages carry), with a
 * presence dot when `status` is given. Decorative: the name is always written beside it.
 */
export function AgentAvatar(props: { id: string; name: string; status?: AgentStatus }) {
  return (
    <span
      className="sb-face"
      style={{ background: avatarColor(props.id), color: "#fff" }}
      aria-hidden="true"
    >
      {initials(props.name)}
      {props.status ? <span className={`sb-presence sb-presence--${props.status}`} /> : null}
    </span>
  );
}
