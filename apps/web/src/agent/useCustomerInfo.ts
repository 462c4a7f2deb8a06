import type { ChatClient } from "@switchboard/client";
import type { CustomerInfo, Room } from "@switchboard/protocol";
import { useChatClient } from "@switchboard/react";
import { useEffect, useState } from "react";

/** Closed rooms scanned at most, on a server without the customers route. */
const SCAN_PAGES = 5;

export interface CustomerFacts {
  name: string | null;
  firstContactAt: string;
  /** Closed conversations; `atLeast` when the fallback scan stopped early. */
  closedChats: number;
  atLeast: boolean;
  profile: CustomerInfo["profile"];
  /** The latest closed conversations, newest first; null when the server did not say. */
  recentChats: Room[] | null;
}

/**
 * Without `GET /api/chat/customers/:id` (it is this server's extension, not the
 * contract): closed rooms from `list-rooms`, filtered by customer here. Bounded, so a big
 * inbox is not read whole for one panel.
 */
async function scan(client: ChatClient, room: Room): Promise<CustomerFacts> {
  const mine: Room[] = [room];
  let before: string | undefined;
  let pages = 0;
  for (let more = true; more && pages < SCAN_PAGES; pages++) {
    const page = await client.listRooms({
      status: "closed",
      limit: 100,
      ...(before ? { before } : {}),
    });
    mine.push(...page.rooms.filter((r) => r.customerId === room.customerId && r.id !== room.id));
    before = page.rooms.at(-1)?.id;
    more = page.hasMore && before !== undefined;
  }
  const first = mine.reduce((a, r) => (r.createdAt < a ? r.createdAt : a), room.createdAt);
  const closed = mine.filter((r) => r.status === "closed").length;
  return {
    name: null,
    firstContactAt: first,
    closedChats: closed,
    atLeast: pages >= SCAN_PAGES,
    profile: null,
    recentChats: mine.filter((r) => r.status === "closed").slice(0, 10),
  };
}

async function load(client: ChatClient, room: Room): Promise<CustomerFacts> {
  try {
    const info = await client.customerInfo(room.customerId);
    return {
      ...info,
      closedChats: info.previousChats,
      atLeast: false,
      recentChats: info.recentChats ?? null,
    };
  } catch (e) {
    console.warn("Switchboard: customer info unavailable, reading the room list instead", e);
  }
  return scan(client, room);
}

type State = { customer: string; facts: CustomerFacts | null; failed: boolean };

/** What the panel says about the room's customer; read again when the room's status changes. */
export function useCustomerInfo(room: Room | undefined) {
  const client = useChatClient();
  const customer = room?.customerId ?? "";
  const key = room ? `${customer}:${room.status}` : "";
  const [state, setState] = useState<State>({ customer: "", facts: null, failed: false });
  useEffect(() => {
    if (!room) return;
    let live = true;
    load(client, room).then(
      (facts) => live && setState({ customer: room.customerId, facts, failed: false }),
      () => live && setState({ customer: room.customerId, facts: null, failed: true }),
    );
    return () => {
      live = false;
    };
    // `room` changes with every message; only who the customer is and the status matter.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, key]);
  // Another customer's facts are never shown, not even while this one's load.
  return state.customer === customer ? state : { customer, facts: null, failed: false };
}
