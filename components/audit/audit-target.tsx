"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useTRPC } from "@/components/trpc/client";
import type { AuditLogRow } from "@/server/services/list-audit-log";

const LINK = "hover:underline focus-visible:outline-2 focus-visible:outline-sky-500 text-sky-800 dark:text-sky-300";

/** What an entry acted on, as a link to it where it has a page. */
export function AuditTarget({ row }: { row: Pick<AuditLogRow, "targetType" | "targetId" | "vm" | "user"> }) {
  const trpc = useTRPC();
  const clouds = useQuery(trpc.clouds.list.queryOptions());
  const { targetType: type, targetId: id } = row;
  if (id === null) return <span>{type}</span>;

  if (type === "cloud" || type === "siteParams" || type === "site_params") {
    const name = clouds.data?.find((c) => String(c.id) === id)?.name;
    const label = `${type === "cloud" ? "cloud" : "site parameters of"} ${name ?? `#${id}`}`;
    return (
      <Link href={`/clouds/${encodeURIComponent(id)}`} className={LINK}>
        {label}
      </Link>
    );
  }
  if (type === "action") {
    return (
      <Link href={`/actions/${encodeURIComponent(id)}`} className={LINK}>
        action #{id}
      </Link>
    );
  }
  if (type === "vm") {
    if (!row.vm) return <span title="This VM is no longer in the inventory">VM #{id}</span>;
    return (
      <Link href={`/vms/${encodeURIComponent(id)}`} className={LINK}>
        VM {row.vm.name}
      </Link>
    );
  }
  if (type === "user") {
    return (
      <Link href="/admin/users" className={LINK} title={`user id ${id}`}>
        user {row.user ? `${row.user.name}${row.user.username && row.user.username !== row.user.name ? ` (${row.user.username})` : ""}` : id.length > 10 ? `${id.slice(0, 8)}…` : id}
      </Link>
    );
  }
  return (
    <span>
      {type} {id}
    </span>
  );
}
