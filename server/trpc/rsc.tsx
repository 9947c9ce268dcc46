import "server-only";
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { TRPCError } from "@trpc/server";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { connection } from "next/server";
import { cache, type ReactNode } from "react";
import { makeQueryClient } from "@/components/trpc/query-client";
import { parseRouteId } from "@/components/url/parse-route-id";
import { appRouter } from "@/server/routers/_app";
import { createTrpcContext } from "./init";

/** One query client per request, shared by every server component that prefetches. */
export const getQueryClient = cache(makeQueryClient);

const createRscContext = cache(async () => {
  // Pages read a live database: never prerender them at build time.
  await connection();
  return createTrpcContext({ headers: new Headers(await headers()), mutation: false });
});

/** Query options for server components: same keys as the browser's `useTRPC()`. */
export const trpc = createTRPCOptionsProxy({
  ctx: createRscContext,
  router: appRouter,
  queryClient: getQueryClient,
});

/** Hands what this request prefetched to the client components below. */
export function HydrateClient({ children }: { children: ReactNode }) {
  return <HydrationBoundary state={dehydrate(getQueryClient())}>{children}</HydrationBoundary>;
}

/**
 * A detail page's id, resolved in its segment's layout before any loading boundary streams,
 * so a missing subject answers HTTP 404 instead of a 200 with the not-found page inside.
 * Other failures (signed out, a database error) are left to the page, which shows them.
 */
export async function resolveRouteSubject(raw: string, fetchSubject: (id: number) => Promise<unknown>): Promise<number> {
  const id = parseRouteId(raw);
  if (id === null) notFound();
  try {
    await fetchSubject(id);
  } catch (error) {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") notFound();
  }
  return id;
}
