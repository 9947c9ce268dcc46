"use client";

import { useId, useState, type FormEvent } from "react";
import { signInWithOidc, signInWithPassword } from "./auth-api";

const INPUT =
  "w-full rounded border border-zinc-300 bg-white px-2 py-1.5 text-sm focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-zinc-700 dark:bg-zinc-950";
const SECONDARY_BUTTON =
  "w-full rounded border border-zinc-300 px-3 py-1.5 text-sm font-medium hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-sky-500 disabled:opacity-60 dark:border-zinc-700 dark:hover:bg-zinc-800";
const BUTTON =
  "w-full rounded bg-sky-700 px-3 py-1.5 text-sm font-semibold text-white hover:bg-sky-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 disabled:opacity-60";

interface LoginFormProps {
  next: string;
  oidc: { providerId: string; label: string } | null;
  /** false: passwords are for the break-glass admin only, so the form folds away under that name. */
  localLogin: boolean;
  /** Why the provider's last answer was refused, in words. */
  ssoRefusal: string | null;
}

/** Username + password, and single sign-on when configured. Success reloads into `next`. */
export function LoginForm({ next, oidc, localLogin, ssoRefusal }: LoginFormProps) {
  const [error, setError] = useState<string | null>(ssoRefusal);
  const [pending, setPending] = useState(false);
  const errorId = useId();

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setPending(true);
    setError(null);
    const result = await signInWithPassword(String(form.get("username") ?? ""), String(form.get("password") ?? ""));
    if (result.ok) {
      // A full load, so every cached read starts over as the new user.
      window.location.assign(next);
      return;
    }
    setPending(false);
    setError(result.message);
  }

  async function startOidc() {
    if (!oidc) return;
    setPending(true);
    const result = await signInWithOidc(oidc.providerId, next);
    if (!result.ok) {
      setPending(false);
      setError(result.message);
    }
  }

  const alert = error && (
    <p id={errorId} role="alert" className="rounded border border-red-300 bg-red-50 px-2 py-1.5 text-sm text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
      {error}
    </p>
  );
  const passwordForm = (
    <form onSubmit={submit} aria-label="Sign in" aria-describedby={error ? errorId : undefined} className="flex flex-col gap-3">
      <label className="flex flex-col gap-1 text-sm">
        <span className="font-medium">Username</span>
        <input name="username" autoComplete="username" required autoFocus={localLogin} className={INPUT} aria-invalid={error ? true : undefined} />
      </label>
      <label className="flex flex-col gap-1 text-sm">
        <span className="font-medium">Password</span>
        <input name="password" type="password" autoComplete="current-password" required className={INPUT} aria-invalid={error ? true : undefined} />
      </label>
      {localLogin && alert}
      <button type="submit" disabled={pending} className={BUTTON}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );

  return (
    <div className="flex flex-col gap-4">
      {localLogin ? passwordForm : alert}
      {oidc && (
        <button type="button" onClick={startOidc} disabled={pending} className={localLogin ? SECONDARY_BUTTON : BUTTON}>
          Sign in with {oidc.label}
        </button>
      )}
      {!localLogin && (
        <details className="text-sm">
          <summary className="cursor-pointer text-zinc-600 dark:text-zinc-400">Break-glass admin</summary>
          <p className="my-2 text-zinc-600 dark:text-zinc-400">Local passwords are off; only the admin made on the host with npm run create-admin can use one.</p>
          {passwordForm}
        </details>
      )}
    </div>
  );
}
