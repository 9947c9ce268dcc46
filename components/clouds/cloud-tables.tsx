"use client";

import { formatBytes, formatCount, formatLatency, formatMb } from "@/components/format/format-number";
import { formatUtc } from "@/components/format/format-time";
import { SimpleTable, type Column } from "@/components/tables/simple-table";
import { RelativeTime } from "@/components/time/relative-time";
import { HEALTH_SIGNAL_LABELS } from "@/server/domain/vocabulary";
import type { CloudDetail } from "@/server/services/get-cloud-detail";

type Flavor = CloudDetail["flavors"][number];
type Image = CloudDetail["images"][number];
type Poll = CloudDetail["recentPolls"][number];
type PollState = CloudDetail["polls"][number];
type VmError = CloudDetail["recentVmErrors"][number];
type Signal = CloudDetail["signals"][number];

const FLAVOR_COLUMNS: Column<Flavor>[] = [
  { header: "Name", cell: (f) => <span title={f.providerId}>{f.name}</span> },
  { header: "vCPUs", cell: (f) => formatCount(f.vcpus) },
  { header: "RAM", cell: (f) => formatMb(f.ramMb) },
  { header: "Disk", cell: (f) => `${formatCount(f.diskGb)} GB` },
];

const IMAGE_COLUMNS: Column<Image>[] = [
  { header: "Name", cell: (i) => <span title={i.providerId}>{i.name}</span>, className: "break-all" },
  { header: "Status", cell: (i) => i.status },
  { header: "OS", cell: (i) => i.os ?? "–" },
  { header: "Size", cell: (i) => formatBytes(i.sizeBytes) },
  { header: "Seen", cell: (i) => <RelativeTime at={i.seenAt} /> },
];

const POLL_STATE_COLUMNS: Column<PollState>[] = [
  { header: "Resource", cell: (p) => p.resource },
  { header: "Last success", cell: (p) => <RelativeTime at={p.lastSuccessAt} /> },
  { header: "Latency", cell: (p) => formatLatency(p.lastLatencyMs) },
  { header: "Failures in a row", cell: (p) => formatCount(p.consecutiveFailures) },
  { header: "Last error", cell: (p) => (p.lastError ? <ErrorText text={p.lastError} at={p.lastErrorAt} /> : "–"), className: "" },
];

const POLL_COLUMNS: Column<Poll>[] = [
  { header: "When", cell: (p) => <RelativeTime at={p.at} /> },
  { header: "Resource", cell: (p) => p.resource },
  { header: "Result", cell: (p) => (p.ok ? <span>✓ ok</span> : <span className="font-semibold text-red-700 dark:text-red-400">✖ failed</span>) },
  { header: "Latency", cell: (p) => formatLatency(p.latencyMs) },
  { header: "Error", cell: (p) => p.error ?? "", className: "break-all" },
];

const VM_ERROR_COLUMNS: Column<VmError>[] = [
  { header: "VM", cell: (v) => v.name },
  { header: "Provider state", cell: (v) => v.rawState },
  { header: "Since", cell: (v) => <RelativeTime at={v.stateChangedAt} /> },
  { header: "Error", cell: (v) => v.lastError ?? "–", className: "break-all" },
];

const LEVEL_TEXT: Record<Signal["level"], { word: string; className: string }> = {
  ok: { word: "ok", className: "" },
  degraded: { word: "degraded", className: "font-semibold text-amber-800 dark:text-amber-300" },
  down: { word: "down", className: "font-semibold text-red-700 dark:text-red-400" },
};

/** Latency in ms, data age in s, the rest are counts. */
function formatSignalValue(signal: Signal["signal"], value: number): string {
  if (signal === "latency") return formatLatency(value);
  if (signal === "stale_data") return `${formatCount(value)} s`;
  return formatCount(value);
}

const SIGNAL_COLUMNS: Column<Signal>[] = [
  { header: "Signal", cell: (s) => HEALTH_SIGNAL_LABELS[s.signal] },
  { header: "Level", cell: (s) => <span className={LEVEL_TEXT[s.level].className}>{s.damped ? `${LEVEL_TEXT[s.level].word} (damped)` : LEVEL_TEXT[s.level].word}</span> },
  { header: "Value", cell: (s) => formatSignalValue(s.signal, s.value) },
  { header: "Threshold", cell: (s) => formatSignalValue(s.signal, s.threshold) },
  { header: "Since", cell: (s) => (s.since ? <RelativeTime at={s.since} /> : "–") },
  { header: "Reading", cell: (s) => s.message, className: "break-all" },
];

function ErrorText({ text, at }: { text: string; at: Date | null }) {
  return (
    <span className="text-red-700 dark:text-red-400" title={at ? formatUtc(at) : undefined}>
      {text}
    </span>
  );
}

export function FlavorsTable({ flavors }: { flavors: Flavor[] }) {
  return <SimpleTable label="Flavors" columns={FLAVOR_COLUMNS} rows={flavors} rowKey={(f) => f.providerId} empty="No flavors seen yet." />;
}

export function ImagesTable({ images }: { images: Image[] }) {
  return <SimpleTable label="Images" columns={IMAGE_COLUMNS} rows={images} rowKey={(i) => i.providerId} empty="No images seen yet." />;
}

export function HealthSignalsTable({ signals }: { signals: Signal[] }) {
  return <SimpleTable label="Health signals" columns={SIGNAL_COLUMNS} rows={signals} rowKey={(s) => s.signal} empty="No signals until the first poll." />;
}

export function PollStateTable({ polls }: { polls: PollState[] }) {
  return <SimpleTable label="Polling by resource" columns={POLL_STATE_COLUMNS} rows={polls} rowKey={(p) => p.resource} empty="Not polled yet." />;
}

export function PollLogTable({ label, polls, empty }: { label: string; polls: Poll[]; empty: string }) {
  return <SimpleTable label={label} columns={POLL_COLUMNS} rows={polls} rowKey={(p) => p.id} empty={empty} />;
}

export function VmErrorsTable({ vms }: { vms: VmError[] }) {
  return <SimpleTable label="VMs in error" columns={VM_ERROR_COLUMNS} rows={vms} rowKey={(v) => v.id} empty="No VM is in error." />;
}
