"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent } from "react";
import { RequestError } from "@/components/dialog/form-field";
import { BUTTON, INPUT, PRIMARY_BUTTON } from "@/components/dialog/modal-dialog";
import { useTRPC } from "@/components/trpc/client";

export interface TrustedEndorserRow {
  id: number;
  name: string;
  allowedDn: string;
  createdByName: string;
  cas: { subjectDn: string; notAfter: Date }[];
}

/** The endorsers whose lists may be imported: CA certificates plus the DN allowed to sign (admins manage them). */
export function TrustedEndorsers({ rows }: { rows: TrustedEndorserRow[] }) {
  const trpc = useTRPC();
  const router = useRouter();
  const add = useMutation(trpc.images.addTrustedEndorser.mutationOptions({ onSuccess: () => router.refresh() }));
  const remove = useMutation(trpc.images.removeTrustedEndorser.mutationOptions({ onSuccess: () => router.refresh() }));
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    add.mutate({ name: String(form.get("name") ?? ""), allowedDn: String(form.get("allowedDn") ?? ""), caPem: String(form.get("caPem") ?? "") });
  }
  return (
    <div className="flex flex-col gap-3 text-sm">
      {rows.length === 0 ? (
        <p>No endorser is trusted yet: every signed list will be refused.</p>
      ) : (
        <ul className="flex flex-col gap-1">
          {rows.map((r) => (
            <li key={r.id} className="flex items-center gap-2">
              <span>
                <strong>{r.name}</strong>: {r.allowedDn}, under {r.cas.map((c) => `${c.subjectDn} (until ${c.notAfter.toISOString().slice(0, 10)})`).join(", ")}
              </span>
              <button type="button" className={BUTTON} onClick={() => remove.mutate({ id: r.id })}>
                Remove {r.name}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={onSubmit} aria-label="Trust an endorser" className="flex max-w-3xl flex-col gap-2">
        <label className="flex flex-col gap-0.5">
          Name
          <input name="name" required className={INPUT} />
        </label>
        <label className="flex flex-col gap-0.5">
          Allowed signer DN
          <input name="allowedDn" required className={INPUT} placeholder="/C=DE/O=GermanGrid/OU=DESY/CN=Jane Doe" />
        </label>
        <label className="flex flex-col gap-0.5">
          CA certificate(s), PEM
          <textarea name="caPem" required rows={4} spellCheck={false} className={`${INPUT} font-mono text-xs`} />
        </label>
        <RequestError error={add.error ?? remove.error} />
        <div>
          <button type="submit" className={PRIMARY_BUTTON} disabled={add.isPending}>
            Trust this endorser
          </button>
        </div>
      </form>
    </div>
  );
}
