"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type ChangeEvent, type FormEvent } from "react";
import { RequestError } from "@/components/dialog/form-field";
import { INPUT, PRIMARY_BUTTON } from "@/components/dialog/modal-dialog";
import { useTRPC } from "@/components/trpc/client";

/** Paste, upload (read into the text box) or give the URL of a signed HEPiX list; the server verifies it before anything is written. */
export function ImportListForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [text, setText] = useState("");
  const [url, setUrl] = useState("");
  const importList = useMutation(trpc.images.importList.mutationOptions({ onSuccess: () => router.refresh() }));

  async function onFile(event: ChangeEvent<HTMLInputElement>) {
    const file = event.target.files?.[0];
    if (file) setText(await file.text());
  }
  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    importList.mutate(url.trim() ? { url: url.trim() } : { text });
  }
  const result = importList.data;
  return (
    <form onSubmit={onSubmit} aria-label="Import an image list" className="flex max-w-3xl flex-col gap-3">
      <label className="flex flex-col gap-0.5 text-sm">
        URL of the list
        <input value={url} onChange={(e) => setUrl(e.target.value)} type="url" className={INPUT} placeholder="https://…/image.list" />
      </label>
      <label className="flex flex-col gap-0.5 text-sm">
        …or the signed list (S/MIME), pasted
        <textarea value={text} onChange={(e) => setText(e.target.value)} rows={10} spellCheck={false} className={`${INPUT} font-mono text-xs`} />
      </label>
      <label className="flex flex-col gap-0.5 text-sm">
        …or read from a file
        <input type="file" onChange={(e) => void onFile(e)} />
      </label>
      <RequestError error={importList.error} />
      {result && (
        <p role="status" className="rounded bg-emerald-100 px-2 py-1 text-sm text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200">
          Imported “{result.title}” version {result.version}, signed by {result.endorserDn}: {result.added} new, {result.updated} updated, {result.dropped} no longer listed.
        </p>
      )}
      <div>
        <button type="submit" className={PRIMARY_BUTTON} disabled={importList.isPending || (!url.trim() && !text.trim())}>
          Verify and import
        </button>
      </div>
    </form>
  );
}
