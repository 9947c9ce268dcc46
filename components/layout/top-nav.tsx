"use client";

import { useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import { signOut } from "@/components/auth/auth-api";
import { useSession } from "@/components/auth/use-session";
import { useTRPC } from "@/components/trpc/client";
import { LIVE_REFETCH_MS } from "@/components/trpc/query-client";
import { CloudSwitcher } from "./cloud-switcher";
import { buildStatusTitle } from "./status-title";
import { ThemeToggle } from "./theme-toggle";

const LINK = "rounded px-2 py-1 hover:bg-zinc-200 focus-visible:outline-2 focus-visible:outline-sky-500 dark:hover:bg-zinc-800";
const CURRENT = "bg-zinc-200 font-semibold dark:bg-zinc-800";

export function TopNav() {
  const pathname = usePathname();
  const trpc = useTRPC();
  const { actor } = useSession();
  const clouds = useQuery(trpc.clouds.list.queryOptions(undefined, { refetchInterval: LIVE_REFETCH_MS, enabled: actor !== null }));
  const canReadAlerts = actor?.permissions.includes("alerts.read") ?? false;
  const alertCounts = useQuery(trpc.alerts.counts.queryOptions(undefined, { refetchInterval: LIVE_REFETCH_MS, enabled: canReadAlerts }));
  const firing = alertCounts.data?.firing ?? 0;
  useStatusTitle(pathname, clouds.data ?? [], firing);

  function linkProps(href: string) {
    const current = pathname === href || (href !== "/" && pathname.startsWith(`${href}/`));
    return { href, "aria-current": current ? ("page" as const) : undefined, className: `${LINK} ${current ? CURRENT : ""}` };
  }

  return (
    <header className="border-b border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900">
      <nav aria-label="Main" className="mx-auto flex max-w-[2560px] items-center gap-1 px-4 py-1.5 text-sm whitespace-nowrap">
        <span className="mr-3 font-bold tracking-tight">cloudscope</span>
        {actor ? (
          <>
            <Link {...linkProps("/")}>Overview</Link>
            <Link {...linkProps("/vms")}>VMs</Link>
            <Link {...linkProps("/actions")}>Actions</Link>
            {actor.permissions.includes("queues.read") && <Link {...linkProps("/queues")}>Queues</Link>}
            {canReadAlerts && (
              <Link {...linkProps("/alerts")} aria-label={`Alerts, ${firing} firing`}>
                Alerts{firing > 0 && <span className="ml-1 rounded-full bg-red-700 px-1.5 text-xs font-semibold text-white">{firing}</span>}
              </Link>
            )}
            {actor.permissions.includes("images.read") && <Link {...linkProps("/images")}>Images</Link>}
            {actor.permissions.includes("audit.read") && <Link {...linkProps("/audit")}>Audit</Link>}
            {actor.permissions.includes("users.manage") && <Link {...linkProps("/admin/users")}>Users</Link>}
            {actor.permissions.includes("tokens.manage") && <Link {...linkProps("/settings/tokens")}>Tokens</Link>}
            <span aria-hidden="true" className="mx-2 h-4 w-px bg-zinc-300 dark:bg-zinc-700" />
            <CloudSwitcher clouds={clouds.data ?? []} currentId={currentCloudId(pathname)} />
            <span className="flex-1" />
            <SignedInAs name={actor.name} role={actor.role} />
          </>
        ) : (
          <span className="flex-1" />
        )}
        <ThemeToggle />
      </nav>
    </header>
  );
}

/** Keeps the tab title's status prefix current, also after Next rewrites the title on navigation. */
function useStatusTitle(pathname: string, clouds: Parameters<typeof buildStatusTitle>[1], firing: number): void {
  useEffect(() => {
    const apply = () => {
      const next = buildStatusTitle(document.title, clouds, firing);
      if (next !== document.title) document.title = next;
    };
    apply();
    const title = document.querySelector("title");
    if (!title) return;
    const observer = new MutationObserver(apply);
    observer.observe(title, { childList: true, characterData: true, subtree: true });
    return () => observer.disconnect();
  }, [pathname, clouds, firing]);
}

function currentCloudId(pathname: string): number | null {
  const match = /^\/clouds\/(\d+)(\/|$)/.exec(pathname);
  return match ? Number(match[1]) : null;
}

function SignedInAs({ name, role }: { name: string; role: string }) {
  const [leaving, setLeaving] = useState(false);

  async function leave() {
    setLeaving(true);
    window.location.assign((await signOut()) ?? "/login");
  }

  return (
    <div className="ml-2 flex items-center gap-1 whitespace-nowrap">
      <span data-testid="signed-in-as" className="text-zinc-600 dark:text-zinc-400">
        {name} ({role})
      </span>
      <button type="button" onClick={leave} disabled={leaving} className={`${LINK} disabled:opacity-60`}>
        Sign out
      </button>
    </div>
  );
}
