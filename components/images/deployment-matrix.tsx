"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { QueryError } from "@/components/layout/query-error";
import { Section } from "@/components/layout/section";
import { buildVmsHref } from "@/components/tables/vm-query";
import { filterVmsOnVersion } from "@/server/domain/vm-filter";
import { useTRPC } from "@/components/trpc/client";
import { DEPLOYMENT_STATUS_LABELS, type DeploymentStatus, type ImageVersionState } from "@/server/domain/vocabulary";
import { PublishForm } from "./publish-form";

const FOLLOW_MS = 2_000;
const TD = "px-2 py-1 align-top";
const LINK = "text-sky-800 hover:underline focus-visible:outline-2 focus-visible:outline-sky-500 dark:text-sky-300";

/** A Record, so a new status cannot be forgotten here. */
const STATUS_LOOK: Record<DeploymentStatus, string> = {
  publishing: "bg-amber-100 text-amber-900 dark:bg-amber-950 dark:text-amber-200",
  present: "bg-emerald-100 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200",
  modified: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200",
  failed: "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200",
  removed: "bg-zinc-200 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300",
};

export interface MatrixVersion {
  id: number;
  version: string;
  state: ImageVersionState;
}

/** The live VMs running one copy: the VMs table filtered to its cloud and provider image id. */
/** Versions × clouds: where each version is, how its publish goes, and how many VMs run it there. Live while anything publishes. */
export function DeploymentMatrix({ imageId, imageName, versions }: { imageId: number; imageName: string; versions: MatrixVersion[] }) {
  const trpc = useTRPC();
  const matrix = useQuery(
    trpc.images.deployments.queryOptions({ imageId }, { refetchInterval: (q) => (q.state.data?.cells.some((c) => c.status === "publishing") ? FOLLOW_MS : false) }),
  );
  if (matrix.error && !matrix.data) return <QueryError what="the deployments" error={matrix.error} onRetry={() => void matrix.refetch()} />;
  if (!matrix.data) {
    return (
      <Section title="Deployments">
        <p className="text-sm">Loading…</p>
      </Section>
    );
  }
  const { clouds, cells } = matrix.data;
  const cellAt = (versionId: number, cloudId: number) => cells.find((c) => c.versionId === versionId && c.cloudId === cloudId);
  return (
    <Section title="Deployments">
      {clouds.length === 0 ? (
        <p className="text-sm">No cloud can take published images yet.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="text-sm">
            <caption className="sr-only">Versions of {imageName} on each cloud</caption>
            <thead>
              <tr>
                <th scope="col" className={`${TD} text-left`}>
                  Version
                </th>
                {clouds.map((c) => (
                  <th key={c.id} scope="col" className={`${TD} text-left`}>
                    <Link href={`/clouds/${c.id}`} className={LINK}>
                      {c.name}
                    </Link>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {versions.map((v) => (
                <tr key={v.id} className="border-t border-zinc-200 dark:border-zinc-800">
                  <th scope="row" className={`${TD} text-left font-medium`}>
                    {v.version}
                  </th>
                  {clouds.map((c) => {
                    const cell = cellAt(v.id, c.id);
                    if (!cell) return <td key={c.id} className={`${TD} text-zinc-500`}>not present</td>;
                    return (
                      <td key={c.id} className={TD} data-testid={`deployment-${v.version}-${c.name}`}>
                        <span className={`rounded px-1.5 py-0.5 text-xs font-medium ${STATUS_LOOK[cell.status]}`}>{DEPLOYMENT_STATUS_LABELS[cell.status]}</span>
                        {cell.detail && <p className="max-w-xs break-all text-xs">{cell.detail}</p>}
                        {(cell.vmCount > 0 || cell.status === "present" || cell.status === "modified") && (
                          <p className="text-xs">
                            <Link href={buildVmsHref(filterVmsOnVersion(v.id, c.id))} className={`${LINK} underline`}>
                              {cell.vmCount} {cell.vmCount === 1 ? "VM" : "VMs"}
                            </Link>
                            {cell.verifiedAt && " · checksum verified"}
                          </p>
                        )}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <PublishForm imageId={imageId} versions={versions} clouds={clouds.filter((c) => c.publishable)} />
    </Section>
  );
}
