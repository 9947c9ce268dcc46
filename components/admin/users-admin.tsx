"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useId, useState, type FormEvent } from "react";
import { QueryError } from "@/components/layout/query-error";
import { Section } from "@/components/layout/section";
import { LoadingRegion, Skeleton } from "@/components/layout/skeleton";
import { RelativeTime } from "@/components/time/relative-time";
import { useTRPC } from "@/components/trpc/client";
import { ROLES, type Role } from "@/server/domain/vocabulary";
import { HeaderCells } from "@/components/tables/header-cells";
import { ConfirmUserChange, describeUserChange, type UserChange } from "./confirm-user-change";

/** The roles, least to most; kept here as values because client code imports only types from db/. */
const ROLE_HINT: Record<Role, string> = {
  shifter: "reads everything",
  operator: "also launches, drains, destroys, pauses clouds, edits site parameters",
  admin: "also manages users",
};

const INPUT =
  "rounded border border-zinc-300 bg-white px-2 py-1 text-sm focus-visible:outline-2 focus-visible:outline-sky-500 dark:border-zinc-700 dark:bg-zinc-950";
const BUTTON =
  "rounded border border-zinc-300 px-2 py-0.5 text-xs font-medium hover:bg-zinc-100 focus-visible:outline-2 focus-visible:outline-sky-500 disabled:opacity-50 dark:border-zinc-700 dark:hover:bg-zinc-800";

function Feedback({ message, tone }: { message: string | null; tone: "error" | "success" }) {
  if (!message) return null;
  const look =
    tone === "error"
      ? "border-red-300 bg-red-50 text-red-900 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
      : "border-emerald-300 bg-emerald-50 text-emerald-900 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100";
  return (
    <p role={tone === "error" ? "alert" : "status"} className={`rounded border px-2 py-1 text-sm ${look}`}>
      {message}
    </p>
  );
}

/** Admins list users, add one with a role, change roles and disable or re-enable accounts. */
export function UsersAdmin({ currentUserId }: { currentUserId: string }) {
  return (
    <div className="flex flex-col gap-3">
      <CreateUserForm />
      <UsersTable currentUserId={currentUserId} />
    </div>
  );
}

function useInvalidateUsers() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  return () => queryClient.invalidateQueries({ queryKey: trpc.users.list.queryKey() });
}

function CreateUserForm() {
  const trpc = useTRPC();
  const invalidate = useInvalidateUsers();
  const [done, setDone] = useState<string | null>(null);
  const roleHintId = useId();
  const [role, setRole] = useState<Role>("shifter");
  const create = useMutation(
    trpc.users.create.mutationOptions({
      onSuccess: async (user, _vars) => {
        setDone(`Added ${user.username} (${user.role}).`);
        await invalidate();
      },
    }),
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    setDone(null);
    create.mutate(
      { username: String(form.get("username") ?? ""), password: String(form.get("password") ?? ""), role },
      { onSuccess: () => formElement.reset() },
    );
  }

  return (
    <Section title="Add a user">
      <form onSubmit={submit} aria-label="Add a user" className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-medium">Username</span>
          <input name="username" required minLength={3} maxLength={30} pattern="[A-Za-z0-9_.]+" autoComplete="off" className={INPUT} />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-medium">Password</span>
          <input name="password" type="password" required minLength={12} maxLength={128} autoComplete="new-password" className={INPUT} />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-medium">Role</span>
          <select name="role" value={role} onChange={(e) => setRole(e.target.value as Role)} aria-describedby={roleHintId} className={INPUT}>
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={create.isPending} className="rounded bg-sky-700 px-3 py-1 text-sm font-semibold text-white hover:bg-sky-800 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-sky-500 disabled:opacity-60">
          {create.isPending ? "Adding…" : "Add user"}
        </button>
      </form>
      <p id={roleHintId} className="mt-1 text-xs text-zinc-500">
        {role}: {ROLE_HINT[role]}. Passwords have at least 12 characters.
      </p>
      <div className="mt-2">
        <Feedback message={create.error?.message ?? null} tone="error" />
        <Feedback message={done} tone="success" />
      </div>
    </Section>
  );
}

function UsersTable({ currentUserId }: { currentUserId: string }) {
  const trpc = useTRPC();
  const invalidate = useInvalidateUsers();
  const users = useQuery(trpc.users.list.queryOptions());
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [pendingChange, setPendingChange] = useState<UserChange | null>(null);
  const onSettled = async (_data: unknown, err: { message: string } | null) => {
    setError(err ? err.message : null);
    setPendingChange(null);
    await invalidate();
  };
  const setRole = useMutation(trpc.users.setRole.mutationOptions({ onSettled }));
  const setDisabled = useMutation(trpc.users.setDisabled.mutationOptions({ onSettled }));
  const unlock = useMutation(trpc.users.unlockSignIn.mutationOptions({ onSettled }));
  const busy = setRole.isPending || setDisabled.isPending || unlock.isPending;

  function ask(change: UserChange) {
    setDone(null);
    setError(null);
    setPendingChange(change);
  }

  function apply(change: UserChange) {
    const onSuccess = () => setDone(describeUserChange(change).done);
    if (change.kind === "role") setRole.mutate({ userId: change.userId, role: change.to }, { onSuccess });
    else setDisabled.mutate({ userId: change.userId, disabled: change.disabled }, { onSuccess });
  }

  if (users.error && !users.data) return <QueryError what="the users" error={users.error} onRetry={() => void users.refetch()} />;
  if (!users.data) {
    return (
      <Section title="Users">
        <LoadingRegion label="Loading users">
          <Skeleton className="h-24 w-full" />
        </LoadingRegion>
      </Section>
    );
  }

  return (
    <Section title="Users">
      <Feedback message={error} tone="error" />
      <Feedback message={done} tone="success" />
      {pendingChange && <ConfirmUserChange change={pendingChange} pending={busy} onConfirm={() => apply(pendingChange)} onCancel={() => setPendingChange(null)} />}
      {users.data.length === 0 ? (
        <p className="py-2 text-sm text-zinc-500">No users yet. Add one above.</p>
      ) : (
        <div className="overflow-auto">
          <table aria-label="Users" className="w-full border-collapse text-sm">
            <thead className="bg-zinc-100 dark:bg-zinc-800">
              <tr>
                <HeaderCells headers={["Username", "Role", "Status", "Last active", "Added", ""]} />
              </tr>
            </thead>
            <tbody>
              {users.data.map((u) => {
                const name = u.username ?? u.name;
                const self = u.id === currentUserId;
                return (
                  <tr key={u.id} className="border-t border-zinc-100 dark:border-zinc-800">
                    <th scope="row" className="px-2 py-1 text-left font-medium whitespace-nowrap">
                      {name}
                      {self && <span className="ml-1 text-xs font-normal text-zinc-500">(you)</span>}
                    </th>
                    <td className="px-2 py-1">
                      {u.ssoManaged ? (
                        // The server refuses a change too; here the reason is shown instead of a control that cannot work.
                        <span className="whitespace-nowrap">
                          {u.role}
                          <span className="ml-1 text-xs text-zinc-600 dark:text-zinc-400">· follows their groups at the sign-in provider</span>
                        </span>
                      ) : (
                        <select
                          aria-label={`Role of ${name}`}
                          value={u.role}
                          disabled={self || busy}
                          title={self ? "You cannot change your own role" : undefined}
                          onChange={(e) => ask({ kind: "role", userId: u.id, name, from: u.role, to: e.target.value as Role })}
                          className={INPUT}
                        >
                          {ROLES.map((r) => (
                            <option key={r} value={r}>
                              {r}
                            </option>
                          ))}
                        </select>
                      )}
                    </td>
                    <td className="px-2 py-1 whitespace-nowrap">
                      {u.disabled ? <span className="text-red-700 dark:text-red-400">disabled</span> : "active"}
                      {u.failedSignIns > 0 && <span className="ml-1 text-xs text-amber-700 dark:text-amber-400">· {u.failedSignIns} failed sign-ins</span>}
                    </td>
                    <td className="px-2 py-1 whitespace-nowrap">{u.lastSeenAt ? <RelativeTime at={u.lastSeenAt} /> : <span className="text-zinc-500">never</span>}</td>
                    <td className="px-2 py-1 whitespace-nowrap">
                      <RelativeTime at={u.createdAt} />
                    </td>
                    <td className="flex justify-end gap-1 px-2 py-1">
                      {u.failedSignIns > 0 && (
                        <button
                          type="button"
                          disabled={busy}
                          onClick={() => {
                            setDone(null);
                            unlock.mutate({ userId: u.id }, { onSuccess: () => setDone(`Cleared the failed sign-ins of ${name}: their next sign-in waits for nothing.`) });
                          }}
                          className={BUTTON}
                        >
                          Unlock sign-in <span className="sr-only">of {name}</span>
                        </button>
                      )}
                      <button
                        type="button"
                        disabled={self || busy}
                        title={self ? "You cannot disable yourself" : undefined}
                        onClick={() => ask({ kind: "disabled", userId: u.id, name, role: u.role, disabled: !u.disabled })}
                        className={BUTTON}
                      >
                        {u.disabled ? "Enable" : "Disable"} <span className="sr-only">{name}</span>
                      </button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
