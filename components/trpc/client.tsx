"use client";

import { QueryClientProvider, type QueryClient } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink, TRPCClientError } from "@trpc/client";
import { createTRPCContext } from "@trpc/tanstack-react-query";
import { useState, type ReactNode } from "react";
import superjson from "superjson";
import { loginPathFor } from "@/components/auth/safe-next";
import type { AppRouter } from "@/server/routers/_app";
import { makeQueryClient } from "./query-client";

export const { TRPCProvider, useTRPC } = createTRPCContext<AppRouter>();

let browserQueryClient: QueryClient | undefined;

function getQueryClient(): QueryClient {
  if (typeof window === "undefined") return makeQueryClient();
  // Kept across renders: React may throw away state if the first render suspends.
  if (!browserQueryClient) {
    browserQueryClient = makeQueryClient();
    browserQueryClient.getQueryCache().subscribe((event) => {
      if (event.type === "updated" && event.action.type === "error") sendToLoginIfSignedOut(event.action.error);
    });
  }
  return browserQueryClient;
}

/** A read refused for want of a session (expired, signed out elsewhere, disabled): sign in again, then come back. */
function sendToLoginIfSignedOut(error: unknown): void {
  if (!(error instanceof TRPCClientError) || error.data?.code !== "UNAUTHORIZED" || window.location.pathname === "/login") return;
  window.location.assign(loginPathFor(window.location.pathname + window.location.search));
}

export function TRPCReactProvider({ children }: { children: ReactNode }) {
  const queryClient = getQueryClient();
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [httpBatchLink({ url: "/api/trpc", transformer: superjson })],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}
