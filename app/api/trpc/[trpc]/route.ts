import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { isAllowedStateChange } from "@/server/auth/same-origin";
import { refuseTokenOverRate } from "@/server/auth/token-rate-limit";
import { withCappedBody } from "@/server/http/read-capped-body";
import { appRouter } from "@/server/routers/_app";
import { createTrpcContext } from "@/server/trpc/init";
import { logTrpcError } from "@/server/trpc/log-error";

function handleTrpcRequest(req: Request): Promise<Response> {
  const refused = refuseTokenOverRate(req.headers);
  if (refused) return Promise.resolve(refused);
  return fetchRequestHandler({
    endpoint: "/api/trpc",
    req,
    router: appRouter,
    createContext: () => createTrpcContext({ headers: req.headers, mutation: req.method !== "GET" }),
    onError: logTrpcError,
  });
}

/** The largest tRPC request body (a batch of mutations); the README's Configuration section documents it. */
const TRPC_BODY_LIMIT_BYTES = 1024 * 1024;

/** Mutations arrive as POST: only from the console's own pages, or from a script with a token. */
async function handleTrpcPost(req: Request): Promise<Response> {
  if (!isAllowedStateChange(req.headers)) {
    return Response.json({ error: { message: "Cross-site request refused" } }, { status: 403 });
  }
  return withCappedBody(req, TRPC_BODY_LIMIT_BYTES, handleTrpcRequest);
}

export { handleTrpcRequest as GET, handleTrpcPost as POST };
