// The rules the UIs share, now in the SDK, against a real server: who is typing, when to
// mark read, upload-then-send; and the state kept in a host's Redux store.
import { configureStore } from "@reduxjs/toolkit";
import { describe, expect, it } from "vitest";
import { isTyping, markReadTarget } from "../src/index.ts";
import { chatSlice, createReduxChatStore } from "../src/redux.ts";
import { connectClient, eventually, expectInSync, messages, useServer } from "./support.ts";

/** A 1x1 red PNG: the server checks the type on the bytes. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4z8AAAAMBAQDJ/pLvAAAAAElFTkSuQmCC",
  "base64",
);

const env = useServer();

async function pair(name: string, options: Parameters<typeof connectClient>[4] = {}) {
  const customer = connectClient(env.server, `${name}-customer`, "customer", undefined, options);
  const admin = connectClient(env.server, `${name}-admin`, "admin");
  env.clients.push(customer, admin);
  const room = await customer.join();
  await admin.join(room.id);
  return { customer, admin, roomId: room.id };
}

describe("the SDK's shared rules against a real server", () => {
  it("tracks the agent typing: shown on typing, cleared by stop-typing and by their message", async () => {
    const { customer, admin, roomId } = await pair("typing");
    const agentTyping = () => isTyping(customer.typingTracker.getState(), roomId, "admin");
    admin.typing(roomId);
    await eventually(agentTyping);
    admin.stopTyping(roomId);
    await eventually(() => !agentTyping());
    admin.typing(roomId); // a stop resets the throttles (SDK and server): it goes out at once
    await eventually(agentTyping);
    admin.send(roomId, "Found it");
    await eventually(() => !agentTyping());
    expect(isTyping(admin.typingTracker.getState(), roomId)).toBe(false); // not their own
  });

  it("marks read by the rule: the agent's message becomes read for both sides", async () => {
    const { customer, admin, roomId } = await pair("read");
    admin.send(roomId, "Any news?");
    // The agent's first answer comes after the activity of taking the chat.
    await eventually(() => messages(customer, roomId).some((m) => m.content === "Any news?"));
    const input = () => ({
      messages: messages(customer, roomId),
      viewerRole: "customer" as const,
      visible: true,
      connectionStatus: customer.store.getState().connectionStatus,
    });
    const target = markReadTarget(input());
    const answer = messages(customer, roomId).find((m) => m.content === "Any news?");
    expect(target).toBe(answer!.id); // not the activity before it: activities take no receipts
    await customer.markRead(roomId, target!);
    await eventually(
      () => messages(admin, roomId).find((m) => m.content === "Any news?")?.status === "read",
    );
    await eventually(() => markReadTarget(input()) === null);
  });

  it("uploads then sends: one message with the files that went up, the refused one reported", async () => {
    const { customer, admin, roomId } = await pair("files");
    const progress = new Map<number, number>();
    const files = [
      new File([PNG], "receipt.png", { type: "image/png" }),
      new File(["#!/bin/sh\n"], "script.png", { type: "image/png" }),
      new File([PNG], "second.png", { type: "image/png" }),
    ];
    const result = await customer.sendFiles(roomId, "Both receipts", files, {
      onProgress: (i, sent, total) => progress.set(i, sent / total),
    });
    expect(result.failures.map((f) => [f.index, (f.error as { code?: string }).code])).toEqual([
      [1, "VALIDATION"],
    ]);
    expect(result.attachments.map((a) => a.name)).toEqual(["receipt.png", "second.png"]);
    expect(progress.get(0)).toBe(1);
    expect(progress.get(2)).toBe(1);
    await expectInSync(customer, env.db, roomId, 1);
    await eventually(() => messages(admin, roomId)[0]?.attachments.length === 2);
    expect(messages(admin, roomId)[0]).toMatchObject({ content: "Both receipts" });
  });

  it("keeps the conversation in the host's Redux store", async () => {
    const host = configureStore({ reducer: { [chatSlice.reducerPath]: chatSlice.reducer } });
    const { customer, admin, roomId } = await pair("redux", { store: createReduxChatStore(host) });
    customer.send(roomId, "Hello from Redux");
    admin.send(roomId, "Hello back");
    await expectInSync(customer, env.db, roomId, 2);
    const state = host.getState().chat;
    expect(state).toBe(customer.store.getState());
    expect(state.activeRoomId).toBe(roomId);
    expect(state.connectionStatus).toBe("online");
    const written = state.messagesByRoom[roomId]!.filter((m) => m.kind !== "activity");
    expect(written.map((m) => m.content).sort()).toEqual(["Hello back", "Hello from Redux"]);
  });
});
