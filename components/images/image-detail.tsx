import type { PromotionGate } from "@/server/domain/promotion-gates";
import type { ImageVersionRow } from "@/server/services/images/list-image-versions";
import { formatBytes } from "./format-bytes";
import { ImageStateBadge } from "./image-state-badge";
import { VersionActions } from "./version-actions";

function utc(at: Date | null): string {
  return at ? `${at.toISOString().slice(0, 19).replace("T", " ")} UTC` : "";
}

/** One version: every catalogue field, and who decided what about it and why. */
export function ImageVersionCard({ version: v, promotionGates }: { version: ImageVersionRow; promotionGates: PromotionGate[] | null }) {
  const facts: [string, string][] = [
    ["State", ""],
    ["OS", `${v.os} ${v.osVersion}`],
    ["Architecture / hypervisor", `${v.arch} / ${v.hypervisor}`],
    ["Disk format", v.diskFormat],
    ["Size", `${formatBytes(v.sizeBytes)} (${v.sizeBytes} bytes)`],
    ["SHA-512", v.sha512],
    ["SHA-256", v.sha256 ?? "—"],
    ["Source", v.sourceUri ?? "uploaded"],
    ["Identifier", v.identifier],
    ["Contextualization", v.contextMethod],
    ["Minimum", `${v.minCores} cores, ${v.minRamMb} MB RAM`],
    ["Submitted", `${v.submittedByName}, ${utc(v.submittedAt)}`],
  ];
  if (v.decidedAt) facts.push([v.state === "rejected" ? "Rejected" : "Approved", `${v.decidedByName}, ${utc(v.decidedAt)}: ${v.decisionReason ?? ""}`]);
  if (v.endorsedAt) facts.push(["Endorsed", `${utc(v.endorsedAt)} into ${v.channel ?? "—"}`]);
  if (v.revokedAt) facts.push(["Revoked", `${v.revokedByName}, ${utc(v.revokedAt)}: ${v.revokeReason ?? ""}`]);
  if (v.expiresAt) facts.push(["Expires", utc(v.expiresAt)]);
  if (v.endorserDn) facts.push(["Endorser", v.endorserDn]);
  return (
    <section aria-label={`Version ${v.version}`} className="rounded border border-zinc-200 bg-white p-3 text-sm dark:border-zinc-800 dark:bg-zinc-900">
      <h2 className="mb-2 font-semibold">Version {v.version}</h2>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
        {facts.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-zinc-500">{label}</dt>
            <dd className="break-all">{label === "State" ? <ImageStateBadge state={v.state} channel={v.channel} /> : value}</dd>
          </div>
        ))}
      </dl>
      {v.releaseNotes && <p className="mt-2 whitespace-pre-wrap">{v.releaseNotes}</p>}
      {promotionGates && <PromotionGates gates={promotionGates} />}
      <VersionActions versionId={v.id} label={`${v.imageName} ${v.version}`} state={v.state} channel={v.channel} external={v.endorserDn !== null} />
    </section>
  );
}

/** Each gate between testing and production, passed or open, with its reason. */
function PromotionGates({ gates }: { gates: PromotionGate[] }) {
  return (
    <div className="mt-2">
      <h3 className="font-medium">Promotion to production</h3>
      <ul aria-label="Promotion gates" className="flex flex-col gap-0.5">
        {gates.map((g) => (
          <li key={g.gate} data-passed={g.passed}>
            <span className={g.passed ? "text-emerald-800 dark:text-emerald-300" : "text-red-800 dark:text-red-300"}>{g.passed ? "✓ passed" : "✗ open"}</span> · {g.label}:{" "}
            <span className="text-zinc-600 dark:text-zinc-400">{g.detail}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export interface HistoryEntry {
  id: number;
  at: Date;
  actorName: string;
  verb: string;
  summary: string;
}

export function ImageHistory({ entries }: { entries: HistoryEntry[] }) {
  return (
    <section aria-label="History" className="rounded border border-zinc-200 bg-white p-3 text-sm dark:border-zinc-800 dark:bg-zinc-900">
      <h2 className="mb-2 font-semibold">History</h2>
      <ol className="flex flex-col gap-1">
        {entries.map((e) => (
          <li key={e.id}>
            <time dateTime={e.at.toISOString()}>{utc(e.at)}</time> · <strong>{e.actorName}</strong> · {e.summary}
          </li>
        ))}
      </ol>
    </section>
  );
}
