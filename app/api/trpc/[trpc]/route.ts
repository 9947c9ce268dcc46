import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { appRouter } from "@/server/routers/_app";
import { createTrpcContext } from "@/server/trpc/init";
import { logTrpcError } from "@/server/trpc/log-error";

function handleTrpcRequest(req: Request): Promise<Response> {
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: createTrpcContext,
    onError: logTrpcError,
  });
}

export { handleTrpcRequest as GET, handleTrpcRequest as POST };
