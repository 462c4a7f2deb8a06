import { useId, useState } from "react";

/** Shown when the page was opened without `?token=`: paste one instead. */
export function TokenGate({ onToken }: { onToken(token: string): void }) {
  const [value, setValue] = useState("");
  const id = useId();
  return (
    <main className="sb-gate">
      <form
        className="sb-gate__card"
        onSubmit={(event) => {
          event.preventDefault();
          if (value.trim()) onToken(value.trim());
        }}
      >
        <h1>Switchboard Inbox</h1>
        <p>
          Open this page with <code>?token=…</code> (the server prints a development agent URL at
          start-up), or paste an agent token.
        </p>
        <label htmlFor={id}>Agent token</label>
        <input
          id={id}
          type="password"
          autoComplete="off"
          spellCheck={false}
          value={value}
          onChange={(e) => setValue(e.target.value)}
        />
        <button type="submit" className="sb-btn" disabled={!value.trim()}>
          Sign in
        </button>
      </form>
    </main>
  );
}
