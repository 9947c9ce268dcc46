import { fetchRequestHandler } from "@trpc/server/adapters/fetch";
import { isAllowedStateChange } from "@/server/auth/same-origin";
import { createTokenRateLimit } from "@/server/auth/token-rate-limit";
import { withCappedBody } from "@/server/http/read-capped-body";
import { appRouter } from "@/server/routers/_app";
import { createTrpcContext } from "@/server/trpc/init";
import { logTrpcError } from "@/server/trpc/log-error";

const checkTokenRate = createTokenRateLimit();

function handleTrpcRequest(req: Request): Promise<Response> {
  const authorization = req.headers.get("authorization");
  const retryAfter = authorization === null ? null : checkTokenRate(authorization);
  if (retryAfter !== null) {
    return Promise.resolve(Response.json({ error: { message: "Too many calls with this token" } }, { status: 429, headers: { "retry-after": String(retryAfter) } }));
  }
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
