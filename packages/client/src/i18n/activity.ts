import type { Message, Role } from "@switchboard/protocol";
import type { MessageKey } from "./en.ts";
import type { MessageParams, Translator } from "./types.ts";

/**
 * An activity line (contract v2 `kind: "activity"`) in the reader's language, from its
 * `activity` record and the names the server put beside the ids (an extension); the
 * server's English `content` when a name it needs is missing (an activity written before
 * names were recorded, or by another server). To its customer, their own close and rating
 * read "You closed the chat", "You rated the chat 4 out of 5".
 *
 * @param message - The activity message.
 * @param t - The reader's translator (`translator(locale)`; `useTranslator()` in the bindings).
 * @param viewer - Who reads it: the customer (the widget) or an agent (the dashboard).
 * @returns The sentence to show.
 *
 * @example
 * ```ts
 * activityText(message, translator("de"), "customer"); // "Grace Hopper hat den Chat übernommen"
 * ```
 */
export function activityText(
  message: Pick<Message, "content" | "senderId" | "activity">,
  t: Translator,
  viewer: Role,
): string {
  const line = phrase(message, viewer);
  return line ? t(line[0], line[1]) : message.content;
}

type Phrase = [MessageKey, MessageParams?] | null;

function phrase({ activity: a, senderId }: Pick<Message, "senderId" | "activity">, viewer: Role) {
  if (!a) return null;
  const actor = a.byName;
  const agent = a.adminName;
  const from = a.fromAdminName;
  const customer = viewer === "customer";
  const p = (key: MessageKey, params: Record<string, string | number | undefined> = {}): Phrase =>
    Object.values(params).every((v) => v !== undefined && v !== "")
      ? [key, params as MessageParams]
      : null;
  switch (a.type) {
    case "assigned":
      if (a.by === "system") return p("activity.auto", { agent });
      return a.by === a.adminId
        ? p("activity.took", { actor })
        : p("activity.assigned", { actor, agent });
    case "transferred":
      if (a.by === a.adminId) return p("activity.takenOver", { actor, from });
      if (a.by === a.fromAdminId) return p("activity.transferredTo", { actor, agent });
      return p("activity.transferred", { actor, from, agent });
    case "closed":
      // The customer's own close is written by "system" (see the server's close).
      if (senderId === "system")
        return p(customer ? "activity.closedByYou" : "activity.closedByCustomer");
      return p("activity.closed", { actor });
    case "rated":
      return p(customer ? "activity.ratedByYou" : "activity.rated", { score: a.score });
    default:
      return null;
  }
}
