// Switchboard's chat client: its state in Northwind's Redux store (the `chat` slice), its token
// Northwind's sign-in token, its server this app's origin (the dev server and preview proxy it).
import { createChatClient } from "@switchboard/client";
import { createReduxChatStore } from "@switchboard/client/redux";
import { store } from "./store.ts";

export const chat = createChatClient({
  url: window.location.origin,
  getToken: () => store.getState().auth.token!,
  store: createReduxChatStore(store),
});
