"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState, type FormEvent } from "react";
import { BUTTON, DANGER_BUTTON, INPUT, ModalDialog, PRIMARY_BUTTON } from "@/components/dialog/modal-dialog";
import { QueryError } from "@/components/layout/query-error";
import { Section } from "@/components/layout/section";
import { LoadingRegion, Skeleton } from "@/components/layout/skeleton";
import { HeaderCells } from "@/components/tables/header-cells";
import { RelativeTime } from "@/components/time/relative-time";
import { useTRPC } from "@/components/trpc/client";
import { MAX_TOKEN_DAYS } from "@/server/domain/api-token-rules";
import { ROLES, type Role } from "@/server/domain/vocabulary";

const EXPIRY_CHOICES = [7, 30, 90, MAX_TOKEN_DAYS];

/** Personal API tokens: make one (its secret shown once), see each one's last use, revoke. Admins see everybody's. */
export function ApiTokens({ role }: { role: Role }) {
  const [everyone, setEveryone] = useState(false);
  return (
    <div className="flex flex-col gap-3">
      <CreateTokenForm role={role} everyone={everyone} />
      <TokensTable everyone={everyone} onEveryoneChange={role === "admin" ? setEveryone : null} />
    </div>
  );
}

function CreateTokenForm({ role, everyone }: { role: Role; everyone: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const scopes = ROLES.slice(0, ROLES.indexOf(role) + 1);
  const create = useMutation(
    trpc.tokens.create.mutationOptions({
      onSuccess: async (token) => {
        setCreated({ name: token.name, token: token.token });
        setCopied(false);
        await queryClient.invalidateQueries({ queryKey: trpc.tokens.list.queryKey({ everyone }) });
      },
    }),
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setCreated(null);
    create.mutate({ name: String(form.get("name") ?? ""), scope: String(form.get("scope")) as Role, expiresInDays: Number(form.get("expiresInDays")) });
  }

  return (
    <Section title="New API token">
      <form onSubmit={submit} aria-label="New API token" className="flex flex-wrap items-end gap-3">
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-medium">Name</span>
          <input name="name" required maxLength={60} autoComplete="off" placeholder="image build pipeline" className={INPUT} />
        </label>
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-medium">Scope</span>
          <select name="scope" defaultValue="shifter" className={INPUT}>
            {scopes.map((r) => (
              <option key={r} value={r}>
                {r === "shifter" ? "shifter (read-only)" : r}
              </option>
            ))}
          </select>
        </label>
        <label className="flex flex-col gap-1 text-sm">
          <span className="font-medium">Expires in</span>
          <select name="expiresInDays" defaultValue={30} className={INPUT}>
            {EXPIRY_CHOICES.map((days) => (
              <option key={days} value={days}>
                {days} days
              </option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={create.isPending} className={PRIMARY_BUTTON}>
          {create.isPending ? "Creating…" : "Create token"}
        </button>
      </form>
      {create.error && (
        <p role="alert" className="mt-2 text-sm text-red-700 dark:text-red-400">
          {create.error.message}
        </p>
      )}
      {created && (
        <div role="status" className="mt-2 rounded border border-emerald-300 bg-emerald-50 p-2 text-sm text-emerald-950 dark:border-emerald-800 dark:bg-emerald-950 dark:text-emerald-100">
          <p>Token “{created.name}” created. Copy it now: it is not shown again.</p>
          <div className="mt-1 flex items-center gap-2">
            <code aria-label="New token" className="rounded bg-white px-2 py-1 font-mono text-xs break-all dark:bg-zinc-900">
              {created.token}
            </code>
            <button
              type="button"
              className={BUTTON}
              onClick={() => void navigator.clipboard.writeText(created.token).then(() => setCopied(true))}
            >
              {copied ? "Copied" : "Copy"}
            </button>
          </div>
        </div>
      )}
    </Section>
  );
}

function TokensTable({ everyone, onEveryoneChange }: { everyone: boolean; onEveryoneChange: ((everyone: boolean) => void) | null }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const tokens = useQuery(trpc.tokens.list.queryOptions({ everyone }));
  const [revoking, setRevoking] = useState<{ id: string; name: string } | null>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const revoke = useMutation(
    trpc.tokens.revoke.mutationOptions({
      onSettled: async () => {
        setRevoking(null);
        await queryClient.invalidateQueries({ queryKey: trpc.tokens.list.queryKey({ everyone }) });
      },
    }),
  );

  if (tokens.error && !tokens.data) return <QueryError what="the tokens" error={tokens.error} onRetry={() => void tokens.refetch()} />;
  const toggle = onEveryoneChange && (
    <label className="flex items-center gap-1 text-xs">
      <input type="checkbox" checked={everyone} onChange={(e) => onEveryoneChange(e.target.checked)} /> Everybody&apos;s tokens
    </label>
  );
  return (
    <Section title="API tokens" actions={toggle}>
      {revoke.error && (
        <p role="alert" className="text-sm text-red-700 dark:text-red-400">
          {revoke.error.message}
        </p>
      )}
      {revoking && (
        <ModalDialog title={`Revoke “${revoking.name}”?`} description="Scripts using it get 401 from their next call. This cannot be undone." onClose={() => setRevoking(null)} initialFocusRef={cancelRef} width="w-[28rem]">
          <div className="flex justify-end gap-2">
            <button ref={cancelRef} type="button" onClick={() => setRevoking(null)} className={BUTTON}>
              Cancel
            </button>
            <button type="button" disabled={revoke.isPending} onClick={() => revoke.mutate({ id: revoking.id })} className={DANGER_BUTTON}>
              {revoke.isPending ? "Revoking…" : "Revoke token"}
            </button>
          </div>
        </ModalDialog>
      )}
      {!tokens.data ? (
        <LoadingRegion label="Loading tokens">
          <Skeleton className="h-16 w-full" />
        </LoadingRegion>
      ) : tokens.data.length === 0 ? (
        <p className="py-2 text-sm text-zinc-500">No tokens yet.</p>
      ) : (
        <div className="overflow-auto">
          <table aria-label="API tokens" className="w-full border-collapse text-sm">
            <thead className="bg-zinc-100 dark:bg-zinc-800">
              <tr>
                <HeaderCells headers={["Name", ...(everyone ? ["Owner"] : []), "Scope", "Last used", "Expires", "Status", ""]} />
              </tr>
            </thead>
            <tbody>
              {tokens.data.map((t) => (
                <tr key={t.id} className="border-t border-zinc-100 dark:border-zinc-800">
                  <th scope="row" className="px-2 py-1 text-left font-medium">
                    {t.name}
                  </th>
                  {everyone && <td className="px-2 py-1">{t.owner}</td>}
                  <td className="px-2 py-1">{t.scope}</td>
                  <td className="px-2 py-1 whitespace-nowrap">{t.lastUsedAt ? <RelativeTime at={t.lastUsedAt} /> : <span className="text-zinc-500">never</span>}</td>
                  <td className="px-2 py-1 whitespace-nowrap">
                    <RelativeTime at={t.expiresAt} />
                  </td>
                  <td className="px-2 py-1">{t.revokedAt ? <span className="text-red-700 dark:text-red-400">revoked</span> : "active"}</td>
                  <td className="px-2 py-1 text-right">
                    {!t.revokedAt && (
                      <button type="button" className={BUTTON} onClick={() => setRevoking({ id: t.id, name: t.name })}>
                        Revoke <span className="sr-only">{t.name}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
