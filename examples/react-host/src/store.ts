// Northwind's Redux Toolkit store: who is signed in (kept for the browser session), their
// orders, and the chat's state (Switchboard's slice, mirrored by the client in src/chat.ts).
import {
  combineReducers,
  configureStore,
  createAsyncThunk,
  createSlice,
  type PayloadAction,
  type UnknownAction,
} from "@reduxjs/toolkit";
import { chatSlice } from "@switchboard/client/redux";
import { api } from "./api.ts";

export interface User {
  id: string;
  name: string;
  email: string;
  role: "customer" | "agent";
}

export interface Order {
  id: string;
  item: string;
  status: string;
}

interface AuthState {
  token: string | null;
  user: User | null;
}

const SESSION = "northwind:session";
const signedOutState: AuthState = { token: null, user: null };

const auth = createSlice({
  name: "auth",
  initialState: (): AuthState =>
    JSON.parse(sessionStorage.getItem(SESSION) ?? "null") ?? signedOutState,
  reducers: {
    signedIn: (_state, action: PayloadAction<{ token: string; user: User }>) => action.payload,
    signedOut: () => signedOutState,
  },
});

export const loadOrders = createAsyncThunk("orders/load", async (_: void, { getState }) => {
  const { token } = (getState() as { auth: AuthState }).auth;
  return (await api<{ orders: Order[] }>("/orders", token)).orders;
});

const orders = createSlice({
  name: "orders",
  initialState: { items: [] as Order[], status: "idle" as "idle" | "loading" | "done" | "failed" },
  reducers: {},
  extraReducers: (builder) => {
    builder
      .addCase(loadOrders.pending, (state) => ({ ...state, status: "loading" }))
      .addCase(loadOrders.fulfilled, (_state, action) => ({
        items: action.payload,
        status: "done",
      }))
      .addCase(loadOrders.rejected, (state) => ({ ...state, status: "failed" }));
  },
});

const slices = combineReducers({
  auth: auth.reducer,
  orders: orders.reducer,
  [chatSlice.reducerPath]: chatSlice.reducer,
});
type State = ReturnType<typeof slices>;

export const store = configureStore({
  // Signing out forgets all of the user's: every slice back to its initial state, signed out.
  reducer: (state: State | undefined, action: UnknownAction): State =>
    slices(auth.actions.signedOut.match(action) ? ({} as State) : state, action),
});

store.subscribe(() => sessionStorage.setItem(SESSION, JSON.stringify(store.getState().auth)));

export const { signedIn, signedOut } = auth.actions;
export type RootState = ReturnType<typeof store.getState>;
export type AppDispatch = typeof store.dispatch;
