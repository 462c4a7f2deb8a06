// Northwind's shell: a header with the navigation and who is signed in, and the pages. Orders
// and Support need a signed-in user; the others do not.
import type { ReactNode } from "react";
import { Navigate, NavLink, Route, Routes, useLocation } from "react-router";
import { useAppDispatch, useAppSelector } from "./hooks.ts";
import { Home } from "./pages/Home.tsx";
import { Login } from "./pages/Login.tsx";
import { Orders } from "./pages/Orders.tsx";
import { Support } from "./pages/Support.tsx";
import { signedOut } from "./store.ts";

function RequireUser({ children }: { children: ReactNode }) {
  const user = useAppSelector((s) => s.auth.user);
  const { pathname } = useLocation();
  if (!user) return <Navigate to={`/login?next=${encodeURIComponent(pathname)}`} replace />;
  return children;
}

function Header() {
  const user = useAppSelector((s) => s.auth.user);
  const dispatch = useAppDispatch();
  return (
    <header className="topbar">
      <NavLink to="/" className="brand">
        Northwind Outfitters
      </NavLink>
      <nav aria-label="Main">
        <NavLink to="/" end>
          Home
        </NavLink>
        <NavLink to="/orders">Orders</NavLink>
        <NavLink to="/support">Support</NavLink>
      </nav>
      <div className="account">
        {user ? (
          <>
            <span>{user.name}</span>
            <button type="button" onClick={() => dispatch(signedOut())}>
              Sign out
            </button>
          </>
        ) : (
          <NavLink to="/login">Sign in</NavLink>
        )}
      </div>
    </header>
  );
}

export function App() {
  return (
    <div className="shell">
      <Header />
      <main className="content">
        <Routes>
          <Route path="/" element={<Home />} />
          <Route path="/login" element={<Login />} />
          <Route
            path="/orders"
            element={
              <RequireUser>
                <Orders />
              </RequireUser>
            }
          />
          <Route
            path="/support"
            element={
              <RequireUser>
                <Support />
              </RequireUser>
            }
          />
          <Route path="*" element={<Navigate to="/" replace />} />
        </Routes>
      </main>
    </div>
  );
}
