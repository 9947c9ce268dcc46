"use client";

import { useQuery } from "@tanstack/react-query";
import { useTRPC } from "@/components/trpc/client";
import type { Permission } from "@/server/trpc/permissions";

/**
 * Who is signed in (`session.me`, prefetched by the root layout): { id, name, role,
 * permissions } or null. The UI hides what the role cannot do; the server still checks.
 */
export function useSession() {
  const trpc = useTRPC();
  const me = useQuery(trpc.session.me.queryOptions(undefined, { staleTime: 60_000 }));
  return { actor: me.data ?? null, isLoading: me.isLoading };
}

/** Whether the signed-in user's role grants `permission` (false while unknown or signed out). */
export function useCan(permission: Permission): boolean {
  const { actor } = useSession();
  return actor?.permissions.includes(permission) ?? false;
}
