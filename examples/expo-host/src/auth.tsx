// The host app's own sign-in, pretended: a real app signs the user in against its backend,
// which also mints the user's Switchboard token (a JWT signed with the chat server's
// JWT_SECRET: `sub` the user's id, `role: "customer"`). The chat never sees a password; it
// asks this context for the token on every (re)connect and image request.
import { createContext, useContext, useMemo, type ReactNode } from "react";

/** The signed-in user, as the host's backend returned them. */
export interface Session {
  name: string;
  /** The user's Switchboard token, from the host's backend. */
  chatToken: string;
}

export interface Auth {
  session: Session;
  /**
   * The current chat token. A real app asks its backend here (or returns a cached one that
   * has not expired yet); called on every (re)connect, so a renewed token is picked up.
   */
  getChatToken: () => Promise<string>;
}

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ session, children }: { session: Session; children: ReactNode }) {
  const auth = useMemo<Auth>(
    () => ({ session, getChatToken: () => Promise.resolve(session.chatToken) }),
    [session],
  );
  return <AuthContext.Provider value={auth}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const auth = useContext(AuthContext);
  if (!auth) throw new Error("useAuth: no <AuthProvider> above");
  return auth;
}
