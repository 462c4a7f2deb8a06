import { useState, type FormEvent } from "react";
import { useNavigate, useSearchParams } from "react-router";
import { ApiError, login } from "../api.ts";
import { useAppDispatch } from "../hooks.ts";
import { signedIn } from "../store.ts";

export function Login() {
  const dispatch = useAppDispatch();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    try {
      dispatch(signedIn(await login(String(form.get("email")), String(form.get("password")))));
      await navigate(params.get("next") ?? "/", { replace: true });
    } catch (e) {
      setError(e instanceof ApiError && e.status === 401 ? e.message : "Sign-in failed");
    }
  }

  return (
    <div className="page narrow">
      <h1>Sign in</h1>
      <form className="login" onSubmit={(e) => void onSubmit(e)}>
        <label>
          Email
          <input name="email" type="email" autoComplete="username" required />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required />
        </label>
        {error ? <p role="alert">{error}</p> : null}
        <button type="submit">Sign in</button>
      </form>
    </div>
  );
}
