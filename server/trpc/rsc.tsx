import "server-only";
import { dehydrate, HydrationBoundary } from "@tanstack/react-query";
import { createTRPCOptionsProxy } from "@trpc/tanstack-react-query";
import { headers } from "next/headers";
import { connection } from "next/server";
import { cache, type ReactNode } from "react";
import { makeQueryClient } from "@/components/trpc/query-client";
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
