"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent } from "react";
import { RequestError } from "@/components/dialog/form-field";
import { INPUT, PRIMARY_BUTTON } from "@/components/dialog/modal-dialog";
import { useTRPC } from "@/components/trpc/client";

function Pem({ label, name, required = true }: { label: string; name: string; required?: boolean }) {
  return (
    <label className="flex flex-col gap-0.5 text-sm">
      {label}
      <textarea name={name} rows={5} required={required} spellCheck={false} className={`${INPUT} font-mono text-xs`} placeholder="-----BEGIN …-----" />
    </label>
  );
}

/** Installs the endorser: certificate and CA as PEM, the key as PEM or as a path on the server. The key never comes back. */
export function EndorserForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const install = useMutation(trpc.images.installEndorser.mutationOptions({ onSuccess: () => router.refresh() }));
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const value = (name: string) => String(form.get(name) ?? "").trim() || undefined;
    install.mutate({ certPem: value("certPem") ?? "", caPem: value("caPem") ?? "", keyPem: value("keyPem"), keyPath: value("keyPath") });
  }
  return (
    <form onSubmit={onSubmit} aria-label="Install the endorser" className="flex max-w-3xl flex-col gap-3">
      <Pem label="Endorser certificate (PEM)" name="certPem" />
      <Pem label="Private key (PEM, sealed at rest)" name="keyPem" required={false} />
      <label className="flex flex-col gap-0.5 text-sm">
        …or the path of the key file on the server
        <input name="keyPath" className={INPUT} />
      </label>
      <Pem label="CA certificate (PEM): the trust anchor subscribers verify with" name="caPem" />
      <RequestError error={install.error} />
      <div>
        <button type="submit" className={PRIMARY_BUTTON} disabled={install.isPending}>
          Install
        </button>
      </div>
    </form>
  );
}
