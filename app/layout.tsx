import type { Metadata } from "next";
import type { ReactNode } from "react";
import { HydrationMarker } from "@/components/layout/hydration-marker";
import { ThemeScript } from "@/components/layout/theme-script";
import { TopNav } from "@/components/layout/top-nav";
import { ToastProvider } from "@/components/toast/toast-provider";
import { TRPCReactProvider } from "@/components/trpc/client";
import { getQueryClient, HydrateClient, trpc } from "@/server/trpc/rsc";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "cloudscope", template: "%s · cloudscope" },
  description: "Operations console for ATLAS production computing on IaaS clouds",
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  const queryClient = getQueryClient();
  const me = await queryClient.fetchQuery(trpc.session.me.queryOptions());
  if (me) await queryClient.prefetchQuery(trpc.clouds.list.queryOptions());
  return (
    // The theme script sets the class before React hydrates.
    <html lang="en" suppressHydrationWarning>
      <head>
        <ThemeScript />
      </head>
      <body className="min-h-screen">
        <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:top-1 focus:left-1 focus:rounded focus:bg-white focus:px-2 focus:py-1 dark:focus:bg-zinc-900">
          Skip to content
        </a>
        <HydrationMarker />
        <TRPCReactProvider>
          <ToastProvider>
            <HydrateClient>
              <TopNav />
            </HydrateClient>
            <main id="main" className="mx-auto flex max-w-[1600px] flex-col gap-3 px-4 py-3">{children}</main>
          </ToastProvider>
        </TRPCReactProvider>
      </body>
    </html>
  );
}
