import type { TRPCError } from "@trpc/server";

/** Unexpected failures are logged in full here, since the client only gets a generic message. */
export function logTrpcError({ error, path }: { error: TRPCError; path: string | undefined }): void {
  if (error.code !== "INTERNAL_SERVER_ERROR") return;
  console.error(`[trpc] ${path ?? "<no path>"} failed:`, error.cause ?? error);
}
