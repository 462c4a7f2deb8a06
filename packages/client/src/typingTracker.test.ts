// Who is typing, through two real clients on the fake server (typing relayed by it).
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { makeClient, settle } from "../test/unit.ts";
import { FakeServer } from "./testing/index.ts";
import {
  createTypingInput,
  createTypingTracker,
  isTyping,
  typistsIn,
  TYPING_IDLE_MS,
  TYPING_TIMEOUT_MS,
} from "./typingTracker.ts";

let server: FakeServer;
beforeEach(() => {
  vi.useFakeTimers({ now: Date.parse("2025-01-01T00:00:00.000Z") });
  server = new FakeServer();
});
afterEach(() => vi.useRealTimers());

/** A customer and an agent in the customer's room, both online. */
async function pair() {
  const customer = makeClient(server, "u1", "customer");
  const agent = makeClient(server, "a1", "admin");
  for (const { client, socket } of [customer, agent]) {
    client.connect();
    socket.goOnline();
  }
  const room = await customer.client.join();
  await agent.client.join(room.id);
  return { customer: customer.client, agent: agent.client, agentSocket: agent.socket, room };
}

describe("typing tracker", () => {
  it("shows the other side typing until the timeout after their LAST typing event", async () => {
    const { customer, agent, room } = await pair();
    const typing = () => isTyping(customer.typingTracker.getState(), room.id, "admin");
    agent.typing(room.id);
    await settle();
    expect(typistsIn(customer.typingTracker.getState(), room.id)).toEqual([
      { userId: "a1", role: "admin" },
    ]);
    expect(isTyping(customer.typingTracker.getState(), room.id, "customer")).toBe(false);
    await vi.advanceTimersByTimeAsync(TYPING_TIMEOUT_MS - 3000);
    agent.typing(room.id); // still typing (past the SDK's 2-s throttle): the clock restarts
    await settle();
    await vi.advanceTimersByTimeAsync(TYPING_TIMEOUT_MS - 1);
    expect(typing()).toBe(true);
    await vi.advanceTimersByTimeAsync(1);
    expect(typing()).toBe(false);
    expect(customer.typingTracker.getState()).toEqual({});
  });

  it("clears at once on stop-typing, and on a message from the typist", async () => {
    const { customer, agent, room } = await pair();
    const typing = () => isTyping(customer.typingTracker.getState(), room.id);
    agent.typing(room.id);
    await settle();
    expect(typing()).toBe(true);
    agent.stopTyping(room.id);
    await settle();
    expect(typing()).toBe(false);

    await vi.advanceTimersByTimeAsync(2000);
    agent.typing(room.id);
    await settle();
    expect(typing()).toBe(true);
    server.store(room.id, "someone-else", "admin", "not from the typist");
    await settle();
    expect(typing()).toBe(true);
    agent.send(room.id, "Here you go");
    await settle();
    expect(typing()).toBe(false);
  });

  it("ignores the user's own typing, and clears everyone when the connection drops", async () => {
    const { customer, agent, agentSocket, room } = await pair();
    const other = makeClient(server, "u1", "customer"); // the same customer in another tab
    other.client.connect();
    other.socket.goOnline();
    await other.client.join(room.id);
    other.client.typing(room.id);
    await settle();
    expect(customer.typingTracker.getState()).toEqual({});
    expect(isTyping(agent.typingTracker.getState(), room.id, "customer")).toBe(true);

    agentSocket.drop();
    expect(agent.typingTracker.getState()).toEqual({});
  });

  it("notifies with (state, previous), keeps other rooms' arrays, and stops after dispose", () => {
    const handlers = new Map<string, (e: unknown) => void>();
    const source = {
      identity: null,
      on: (event: string, handler: (e: unknown) => void) => {
        handlers.set(event, handler);
        return () => handlers.delete(event);
      },
    };
    const tracker = createTypingTracker(source as never, { timeoutMs: 1000 });
    const calls: number[] = [];
    tracker.subscribe((state, previous) =>
      calls.push(Object.keys(state).length - Object.keys(previous).length),
    );
    handlers.get("typing")!({ roomId: "r1", userId: "a", role: "admin" });
    const r1 = tracker.getState().r1;
    handlers.get("typing")!({ roomId: "r1", userId: "a", role: "admin" }); // no change
    handlers.get("typing")!({ roomId: "r2", userId: "b", role: "admin" });
    expect(tracker.getState().r1).toBe(r1);
    expect(calls).toEqual([1, 1]);
    tracker.dispose();
    expect(handlers.size).toBe(0);
    expect(tracker.getState()).toEqual({});
    vi.advanceTimersByTime(1000); // no timer left to fire
    expect(calls).toEqual([1, 1]);
  });
});

describe("typing input (the user's own typing)", () => {
  /** A target that records the signals in order. */
  const recorder = () => {
    const calls: string[] = [];
    const input = createTypingInput({
      typing: () => calls.push("typing"),
      stopTyping: () => calls.push("stop"),
    });
    return { calls, input };
  };

  it("signals typing on each change with text, and ONE stop when the field empties", () => {
    const { calls, input } = recorder();
    input.changed("H");
    input.changed("Hi");
    input.changed("");
    input.changed("   "); // only spaces: not typing, and nothing to stop
    input.stop();
    expect(calls).toEqual(["typing", "typing", "stop"]);
  });

  it(`stops ${TYPING_IDLE_MS} ms after the last change, and on stop() (sent, blurred, unmounted)`, () => {
    const { calls, input } = recorder();
    input.changed("Hello");
    vi.advanceTimersByTime(TYPING_IDLE_MS - 1);
    input.changed("Hello,"); // a keystroke restarts the idle clock
    vi.advanceTimersByTime(TYPING_IDLE_MS - 1);
    expect(calls).toEqual(["typing", "typing"]);
    vi.advanceTimersByTime(1);
    expect(calls).toEqual(["typing", "typing", "stop"]);

    input.changed("Hello, again");
    input.stop();
    vi.advanceTimersByTime(TYPING_IDLE_MS); // the idle timer went with the stop
    expect(calls).toEqual(["typing", "typing", "stop", "typing", "stop"]);
  });

  it("drives the other side's tracker through a real client: shown while typing, gone on stop", async () => {
    const { customer, agent, room } = await pair();
    const input = createTypingInput({
      typing: () => agent.typing(room.id),
      stopTyping: () => agent.stopTyping(room.id),
    });
    const agentTyping = () => isTyping(customer.typingTracker.getState(), room.id, "admin");
    input.changed("Let me check");
    await settle();
    expect(agentTyping()).toBe(true);
    await vi.advanceTimersByTimeAsync(TYPING_IDLE_MS);
    await settle();
    expect(agentTyping()).toBe(false); // idle: stop-typing went out, well before the expiry
  });
});
