import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { HydrationMarker } from "@/components/layout/hydration-marker";
import { SiteFooter } from "@/components/layout/site-footer";
import { ThemeScript } from "@/components/layout/theme-script";
import { TopNav } from "@/components/layout/top-nav";
import { AutoscalePauseBanner } from "@/components/queues/autoscale-pause-banner";
import { ToastProvider } from "@/components/toast/toast-provider";
import { TRPCReactProvider } from "@/components/trpc/client";
import { PRODUCT } from "@/server/config/product";
import { getQueryClient, HydrateClient, trpc } from "@/server/trpc/rsc";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: PRODUCT.name, template: `%s · ${PRODUCT.name}` },
  description: PRODUCT.description,
  applicationName: PRODUCT.name,
  // Static files in public/: the console pins as an app and the wallboard runs as a kiosk.
  manifest: "/manifest.webmanifest",
  icons: {
    icon: [
      { url: "/brand/icon.svg", type: "image/svg+xml" },
      { url: "/brand/icon-192.png", type: "image/png", sizes: "192x192" },
    ],
    apple: { url: "/brand/apple-touch-icon.png", sizes: "180x180" },
  },
};

export const viewport: Viewport = { themeColor: "#0369a1" };

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
            <main id="main" className="mx-auto flex max-w-[2560px] flex-col gap-3 px-4 py-3">
              <AutoscalePauseBanner />
              {children}
            </main>
            <SiteFooter name={PRODUCT.name} version={PRODUCT.version} />
          </ToastProvider>
        </TRPCReactProvider>
      </body>
    </html>
  );
}
