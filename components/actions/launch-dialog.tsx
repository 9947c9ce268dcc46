"use client";

import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useRef, useState } from "react";
import { BUTTON, INPUT, ModalDialog, PRIMARY_BUTTON } from "@/components/dialog/modal-dialog";
import { FormField, Notice, RequestError } from "@/components/dialog/form-field";
import { formatCount, formatMb } from "@/components/format/format-number";
import { LoadingRegion, Skeleton } from "@/components/layout/skeleton";
import { useToast } from "@/components/toast/toast-provider";
import { useTRPC } from "@/components/trpc/client";
import type { ContextPreview as ContextPreviewData } from "@/server/services/preview-context";
import { CONTEXT_METHOD_LABELS, describeAction } from "@/server/domain/vocabulary";
import { useIdempotencyKey } from "./idempotency-key";
import { describeLaunchBlock, launchFingerprint, MAX_LAUNCH_COUNT, parseCount, validateLaunchForm, type LaunchForm } from "./launch-form";
import { computeQuotaImpact, countFittingVms, type QuotaImpact } from "./quota-impact";
import { useDebounced } from "./use-debounced";

const PREVIEW_DEBOUNCE_MS = 400;

/** null: not touched yet, so the cloud's default (site parameters) applies. */
type Draft = { imageId: string | null; flavorId: string | null; queue: string | null; count: string };

/** What a finished launch asked for, to launch the same again. */
export interface LaunchAgain {
  imageId: string;
  flavorId: string;
  queue: string;
  count: number;
}

/**
 * Launch N VMs on one cloud. Shows, before the confirm button, the contextualization each
 * VM receives and what the launch does to the quota. One idempotency key per request: a
 * double click or a retry after a lost reply queues one action.
 */
export function LaunchDialog({ cloudId, initial, onClose }: { cloudId: number; initial?: LaunchAgain; onClose: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const detail = useQuery(trpc.clouds.byId.queryOptions({ id: cloudId }));
  const site = useQuery(trpc.siteParams.get.queryOptions({ cloudId }));
  const [draft, setDraft] = useState<Draft>(initial ? { ...initial, count: String(initial.count) } : { imageId: null, flavorId: null, queue: null, count: "1" });
  const [touched, setTouched] = useState<Partial<Record<keyof LaunchForm, boolean>>>({});
  const [submitted, setSubmitted] = useState(false);
  const keyFor = useIdempotencyKey();
  const inFlight = useRef(false);
  const launch = useMutation(trpc.actions.launch.mutationOptions());

  const typedQueue = draft.queue ?? site.data?.params.pandaQueue;
  const previewQueue = useDebounced(typedQueue?.trim() || undefined, PREVIEW_DEBOUNCE_MS);
  const preview = useQuery(trpc.siteParams.preview.queryOptions({ cloudId, queue: previewQueue }, { placeholderData: keepPreviousData }));

  if (detail.error && !detail.data) {
    return (
      <ModalDialog title="Launch VMs" onClose={onClose}>
        <RequestError error={detail.error} />
      </ModalDialog>
    );
  }
  if (!detail.data || site.isPending) {
    return (
      <ModalDialog title="Launch VMs" onClose={onClose}>
        <LoadingRegion label="Loading the cloud's images, flavors and site parameters">
          <div className="flex flex-col gap-2">
            <Skeleton className="h-8" />
            <Skeleton className="h-8" />
            <Skeleton className="h-40" />
          </div>
        </LoadingRegion>
      </ModalDialog>
    );
  }

  const { cloud, images, flavors, quotas } = detail.data;
  const defaults = site.data?.params ?? preview.data?.params ?? null;
  const defaultFlavor = defaults?.defaultFlavor ? flavors.find((f) => f.providerId === defaults.defaultFlavor || f.name === defaults.defaultFlavor) : undefined;
  const form: LaunchForm = {
    imageId: draft.imageId ?? (images.length === 1 ? images[0]!.providerId : ""),
    flavorId: draft.flavorId ?? defaultFlavor?.providerId ?? "",
    queue: draft.queue ?? defaults?.pandaQueue ?? "",
    count: draft.count,
  };
  const errors = validateLaunchForm(form);
  const shown = (field: keyof LaunchForm) => (submitted || touched[field] ? errors[field] : undefined);
  const count = parseCount(form.count);
  const flavor = flavors.find((f) => f.providerId === form.flavorId) ?? null;
  const impact = computeQuotaImpact(quotas, count, flavor);
  const overQuota = impact.filter((i) => i.over);
  const fitting = overQuota.length > 0 ? countFittingVms(quotas, flavor) : null;
  const blocked = describeLaunchBlock(cloud);
  const valid = Object.keys(errors).length === 0;
  const countLabel = Number.isNaN(count) ? "VMs" : `${formatCount(count)} ${count === 1 ? "VM" : "VMs"}`;

  function change(field: keyof Draft, value: string) {
    setDraft((d) => ({ ...d, [field]: value }));
    setTouched((t) => ({ ...t, [field]: true }));
  }

  function submit(launchCount = count) {
    setSubmitted(true);
    if (!valid || blocked || inFlight.current) return;
    inFlight.current = true;
    const sent = { ...form, count: String(launchCount) };
    const request = { cloudId, imageId: form.imageId, flavorId: form.flavorId, queue: form.queue.trim(), count: launchCount, idempotencyKey: keyFor(launchFingerprint(cloudId, sent)) };
    launch.mutate(request, {
      onSuccess(result) {
        const label = describeAction("launch", request.count);
        toast.push({
          tone: "success",
          title: result.existing ? `${label} was already queued` : `${label} queued`,
          link: { href: `/actions/${result.actionId}`, label: "follow it" },
        });
        toast.follow({ actionId: result.actionId, label });
        void queryClient.invalidateQueries({ queryKey: trpc.actions.pathKey() });
        onClose();
      },
      onSettled() {
        inFlight.current = false;
      },
    });
  }

  return (
    <ModalDialog
      title={`Launch VMs on ${cloud.name}`}
      description={`${cloud.kind}${cloud.region ? ` · ${cloud.region}` : ""} · contextualization by ${cloud.contextMethod}`}
      onClose={onClose}
      width="w-[60rem]"
    >
      <form
        noValidate
        aria-label={`Launch VMs on ${cloud.name}`}
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
        className="flex flex-col gap-3"
      >
        {blocked && <Notice>{blocked}</Notice>}
        <div className="grid grid-cols-1 gap-3 md:grid-cols-2">
          <FormField label="Image" error={shown("imageId")} hint={images.length === 0 ? "This cloud lists no images yet (they are polled every few minutes)." : undefined}>
            {(props) => (
              <select
                {...props}
                // The dialog opens on a loading state; the first field takes focus once it exists.
                autoFocus
                className={INPUT}
                value={form.imageId}
                onChange={(e) => change("imageId", e.target.value)} onBlur={() => setTouched((t) => ({ ...t, imageId: true }))}>
                <option value="">Choose an image…</option>
                {images.map((image) => (
                  <option key={image.providerId} value={image.providerId}>
                    {image.name} ({image.status}
                    {image.os ? `, ${image.os}` : ""})
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <FormField
            label="Flavor"
            error={shown("flavorId")}
            hint={defaultFlavor ? `Site default: ${defaultFlavor.name}` : flavor ? undefined : "No default flavor in the site parameters."}
          >
            {(props) => (
              <select {...props} className={INPUT} value={form.flavorId} onChange={(e) => change("flavorId", e.target.value)} onBlur={() => setTouched((t) => ({ ...t, flavorId: true }))}>
                <option value="">Choose a flavor…</option>
                {flavors.map((f) => (
                  <option key={f.providerId} value={f.providerId}>
                    {f.name} — {f.vcpus} vCPU, {formatMb(f.ramMb)} RAM, {f.diskGb} GB disk
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <FormField label="PanDA queue" error={shown("queue")} hint={defaults?.pandaQueue ? `Site default: ${defaults.pandaQueue}` : undefined}>
            {(props) => (
              <input
                {...props}
                className={`${INPUT} font-mono`}
                value={form.queue}
                autoComplete="off"
                spellCheck={false}
                onChange={(e) => change("queue", e.target.value)}
                onBlur={() => setTouched((t) => ({ ...t, queue: true }))}
              />
            )}
          </FormField>
          <FormField label="Number of VMs" error={shown("count")} hint={`1 to ${MAX_LAUNCH_COUNT}`}>
            {(props) => (
              <input
                {...props}
                type="number"
                inputMode="numeric"
                min={1}
                max={MAX_LAUNCH_COUNT}
                step={1}
                className={`${INPUT} w-32 tabular-nums`}
                value={form.count}
                onChange={(e) => change("count", e.target.value)}
                onBlur={() => setTouched((t) => ({ ...t, count: true }))}
              />
            )}
          </FormField>
        </div>

        <QuotaImpactPanel impact={impact} countLabel={countLabel} flavorChosen={flavor !== null} />
        <ContextPreview preview={preview} queue={form.queue.trim()} />

        <RequestError error={launch.error} />
        <div className="flex flex-wrap items-center justify-end gap-2 border-t border-zinc-200 pt-3 dark:border-zinc-800">
          {overQuota.length > 0 && (
            <p className="mr-auto text-xs text-red-700 dark:text-red-400">
              <span aria-hidden="true">✖ </span>Over quota on {overQuota.map((i) => i.label).join(", ")}: the cloud will refuse this launch.
            </p>
          )}
          <button type="button" className={BUTTON} onClick={onClose}>
            Cancel
          </button>
          {fitting !== null && fitting > 0 && (
            <button type="button" className={BUTTON} disabled={Boolean(blocked) || launch.isPending} onClick={() => submit(fitting)}>
              Launch what fits ({formatCount(fitting)})
            </button>
          )}
          <button
            type="submit"
            className={PRIMARY_BUTTON}
            disabled={Boolean(blocked) || launch.isPending}
            aria-label={`Launch ${countLabel} on ${cloud.name}`}
          >
            {launch.isPending ? "Queuing…" : `Launch ${countLabel}`}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}

function QuotaImpactPanel({ impact, countLabel, flavorChosen }: { impact: QuotaImpact[]; countLabel: string; flavorChosen: boolean }) {
  return (
    <section aria-label="Quota after this launch" className="rounded border border-zinc-200 p-2 dark:border-zinc-800">
      <h3 className="mb-1 text-sm font-semibold">Quota after launching {countLabel}</h3>
      {impact.length === 0 ? (
        <p className="text-xs text-zinc-500">This cloud reports no quota figures yet; the cloud itself will refuse a launch it cannot hold.</p>
      ) : (
        <ul className="flex flex-col gap-1.5">
          {impact.map((i) => (
            <QuotaImpactRow key={i.resource} impact={i} />
          ))}
        </ul>
      )}
      {!flavorChosen && impact.length > 0 && <p className="mt-1 text-xs text-zinc-500">Choose a flavor to see cores and RAM.</p>}
    </section>
  );
}

function QuotaImpactRow({ impact }: { impact: QuotaImpact }) {
  const limit = impact.limit;
  const scale = limit === null ? Math.max(impact.after, 1) : Math.max(limit, impact.after, 1);
  const usedPct = (impact.used / scale) * 100;
  const addPct = (impact.adds / scale) * 100;
  return (
    <li className="text-xs">
      <div className="flex justify-between gap-2">
        <span className="font-medium">{impact.label}</span>
        <span className={`tabular-nums ${impact.over ? "font-semibold text-red-700 dark:text-red-400" : ""}`}>
          {impact.over && <span aria-hidden="true">✖ </span>}
          {impact.text}
          {impact.over && <span className="sr-only"> — over quota</span>}
        </span>
      </div>
      {limit !== null && (
        <div
          role="meter"
          aria-label={`${impact.label} after launch`}
          aria-valuemin={0}
          aria-valuemax={limit}
          aria-valuenow={Math.min(impact.after, limit)}
          aria-valuetext={`${impact.text}${impact.over ? ", over quota" : ""}`}
          className="relative mt-0.5 h-2 overflow-hidden rounded bg-zinc-200 dark:bg-zinc-800"
        >
          <div className="absolute inset-y-0 left-0 bg-zinc-500" style={{ width: `${usedPct}%` }} />
          <div className={`absolute inset-y-0 ${impact.over ? "bg-red-600" : "bg-sky-500"}`} style={{ left: `${usedPct}%`, width: `${addPct}%` }} />
          {impact.after > limit && <div className="absolute inset-y-0 w-0.5 bg-black dark:bg-white" style={{ left: `${(limit / scale) * 100}%` }} title="limit" />}
        </div>
      )}
    </li>
  );
}

interface PreviewQuery {
  data?: ContextPreviewData;
  error: { message: string } | null;
  isPlaceholderData: boolean;
}

function ContextPreview({ preview, queue }: { preview: PreviewQuery; queue: string }) {
  const data = preview.data;
  return (
    <section aria-label="Contextualization each VM will receive" className="rounded border border-zinc-200 p-2 dark:border-zinc-800">
      <h3 className="mb-1 text-sm font-semibold">What each VM receives</h3>
      {preview.error && !data && <RequestError error={preview.error} />}
      {!data && !preview.error && (
        <LoadingRegion label="Rendering the contextualization">
          <Skeleton className="h-32" />
        </LoadingRegion>
      )}
      {data && (
        <>
          <p className="text-xs">
            {CONTEXT_METHOD_LABELS[data.method]}, rendered from{" "}
            {data.source === "current" ? `site parameters version ${data.version}` : "the default site parameters (none saved for this cloud yet)"}
            {queue && (
              <>
                {" "}
                for queue <code className="font-mono">{queue}</code>
              </>
            )}
            . VM name, action id and token are filled in per VM.
          </p>
          <ContextSize data={data} />
          {data.networkNote && <p className="mt-1 text-xs text-amber-800 dark:text-amber-300">▲ Network: {data.networkNote}</p>}
          <pre
            tabIndex={0}
            aria-label={`${CONTEXT_METHOD_LABELS[data.method]} preview`}
            aria-busy={preview.isPlaceholderData}
            className={`mt-1 max-h-64 overflow-auto rounded bg-zinc-100 p-2 font-mono text-[11px] leading-snug whitespace-pre dark:bg-zinc-950 ${preview.isPlaceholderData ? "text-zinc-600 dark:text-zinc-400" : ""}`}
          >
            {data.rendered[data.method]}
          </pre>
        </>
      )}
    </section>
  );
}

function ContextSize({ data }: { data: ContextPreviewData }) {
  const raw = data.bytes[data.method];
  const measured = data.measuredBytes[data.method];
  const problem = data.sizeProblems[data.method];
  const size = data.limitMeasured === "base64" ? `${formatCount(raw)} bytes (${formatCount(measured)} as base64)` : `${formatCount(raw)} bytes`;
  return (
    <p className={`mt-1 text-xs ${problem ? "font-semibold text-red-700 dark:text-red-400" : "text-zinc-600 dark:text-zinc-400"}`} title={data.limitNote}>
      <span aria-hidden="true">{problem ? "✖ " : "✔ "}</span>
      {size} of the {formatCount(data.limitBytes)}-byte limit{problem ? ` — ${problem}` : ""}
    </p>
  );
}
