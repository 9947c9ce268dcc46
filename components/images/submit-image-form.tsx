"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { RequestError } from "@/components/dialog/form-field";
import { INPUT, PRIMARY_BUTTON } from "@/components/dialog/modal-dialog";
import { useTRPC } from "@/components/trpc/client";

const METADATA_FIELDS = ["imageName", "description", "version", "os", "osVersion", "arch", "hypervisor", "diskFormat", "contextMethod", "minCores", "minRamMb", "releaseNotes"] as const;

function Field({ label, name, defaultValue, required = true, type = "text" }: { label: string; name: string; defaultValue?: string; required?: boolean; type?: string }) {
  return (
    <label className="flex flex-col gap-0.5 text-sm">
      {label}
      <input name={name} type={type} defaultValue={defaultValue} required={required} className={INPUT} />
    </label>
  );
}

function Choice({ label, name, options }: { label: string; name: string; options: string[] }) {
  return (
    <label className="flex flex-col gap-0.5 text-sm">
      {label}
      <select name={name} className={INPUT}>
        {options.map((o) => (
          <option key={o}>{o}</option>
        ))}
      </select>
    </label>
  );
}

/** Uploads the file as the request body (streamed by the browser), the metadata in the query string. */
async function uploadImage(metadata: Record<string, string>, file: File): Promise<{ imageId: number }> {
  const response = await fetch(`/api/images/upload?${new URLSearchParams(metadata)}`, { method: "POST", body: file, headers: { "content-type": "application/octet-stream" } });
  const reply = (await response.json().catch(() => ({}))) as { imageId?: number; error?: { message?: string } };
  if (!response.ok || reply.imageId === undefined) throw new Error(reply.error?.message ?? `Upload failed: HTTP ${response.status}`);
  return { imageId: reply.imageId };
}

/** Registers a version by URL (the server downloads and hashes it) or by upload from this browser. */
export function SubmitImageForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [source, setSource] = useState<"url" | "upload">("url");
  const byUrl = useMutation(trpc.images.submitByUrl.mutationOptions());
  const upload = useMutation({ mutationFn: ({ metadata, file }: { metadata: Record<string, string>; file: File }) => uploadImage(metadata, file) });
  const pending = byUrl.isPending || upload.isPending;

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const metadata = Object.fromEntries(METADATA_FIELDS.map((f) => [f, String(form.get(f) ?? "")]));
    const done = ({ imageId }: { imageId: number }) => router.push(`/images/${imageId}`);
    if (source === "upload") {
      const file = form.get("file");
      if (file instanceof File && file.size > 0) upload.mutate({ metadata, file }, { onSuccess: done });
      return;
    }
    const expectedSha512 = String(form.get("expectedSha512") ?? "").trim();
    byUrl.mutate(
      {
        ...(metadata as unknown as Parameters<typeof byUrl.mutate>[0]),
        minCores: Number(metadata.minCores),
        minRamMb: Number(metadata.minRamMb),
        sourceUri: String(form.get("sourceUri") ?? ""),
        expectedSha512: expectedSha512 || undefined,
      },
      { onSuccess: done },
    );
  }

  return (
    <form onSubmit={onSubmit} aria-label="Submit an image version" className="flex max-w-3xl flex-col gap-3">
      <div className="grid grid-cols-2 gap-3">
        <Field label="Image name" name="imageName" />
        <Field label="Version" name="version" />
        <Field label="Description" name="description" required={false} />
        <Field label="OS" name="os" defaultValue="Linux" />
        <Field label="OS version" name="osVersion" />
        <Choice label="Architecture" name="arch" options={["x86_64", "aarch64", "ppc64le", "i686"]} />
        <Choice label="Hypervisor" name="hypervisor" options={["kvm", "xen", "vmware", "hyperv"]} />
        <Choice label="Disk format" name="diskFormat" options={["qcow2", "raw", "vmdk", "vdi", "ova", "iso"]} />
        <Choice label="Contextualization" name="contextMethod" options={["cloud-init", "hepix", "puppet", "none"]} />
        <Field label="Minimum cores" name="minCores" type="number" defaultValue="1" />
        <Field label="Minimum RAM (MB)" name="minRamMb" type="number" defaultValue="2048" />
      </div>
      <label className="flex flex-col gap-0.5 text-sm">
        Release notes
        <textarea name="releaseNotes" rows={3} className={INPUT} />
      </label>
      <fieldset className="flex flex-col gap-2 text-sm">
        <legend className="font-semibold">The file</legend>
        <div className="flex gap-4">
          <label>
            <input type="radio" name="source" checked={source === "url"} onChange={() => setSource("url")} /> Download from a URL
          </label>
          <label>
            <input type="radio" name="source" checked={source === "upload"} onChange={() => setSource("upload")} /> Upload from this computer
          </label>
        </div>
        {source === "url" ? (
          <>
            <Field label="Source URL" name="sourceUri" type="url" />
            <Field label="Expected SHA-512 (optional)" name="expectedSha512" required={false} />
          </>
        ) : (
          <label className="flex flex-col gap-0.5">
            Image file
            <input name="file" type="file" required />
          </label>
        )}
      </fieldset>
      <RequestError error={byUrl.error ?? upload.error} />
      <div>
        <button type="submit" disabled={pending} className={PRIMARY_BUTTON}>
          {pending ? (source === "url" ? "Downloading and hashing…" : "Uploading and hashing…") : "Submit for approval"}
        </button>
      </div>
    </form>
  );
}
