import "server-only";
import { createOpenApiFetchHandler } from "trpc-to-openapi";
import { isAllowedStateChange } from "@/server/auth/same-origin";
import { refuseTokenOverRate } from "@/server/auth/token-rate-limit";
import { withCappedBody } from "@/server/http/read-capped-body";
import { appRouter } from "@/server/routers/_app";
import { createTrpcContext, type TrpcContext } from "@/server/trpc/init";
import { logTrpcError } from "@/server/trpc/log-error";
import { createRestRouter } from "./create-rest-router";
import { REST_API_BASE } from "./openapi-document";

/** The largest REST request body (a drain of 2,000 VMs is about 20 KB); as tRPC's. */
const REST_BODY_LIMIT_BYTES = 1024 * 1024;

const restRouter = createRestRouter(appRouter);

type CreateContext = (req: Request) => Promise<TrpcContext>;

const createContextFromHeaders: CreateContext = (req) => createTrpcContext({ headers: req.headers, mutation: req.method !== "GET" });

/**
 * The REST surface: the very procedures (guard, permission table, audit) the console's pages
 * call over tRPC, reached by method and path. The same token rate limit, cross-site refusal
 * and body cap apply as on /api/trpc. `createContext` is replaceable for tests.
 */
export async function handleRestRequest(req: Request, createContext: CreateContext = createContextFromHeaders): Promise<Response> {
  const refused = refuseTokenOverRate(req.headers);
  if (refused) return refused;
  if (req.method === "GET" || req.method === "HEAD") return answer(req, createContext);
  if (!isAllowedStateChange(req.headers)) return Response.json({ message: "Cross-site request refused", code: "FORBIDDEN" }, { status: 403 });
  return withCappedBody(req, REST_BODY_LIMIT_BYTES, (capped) => answer(capped, createContext));
}

function answer(req: Request, createContext: CreateContext): Promise<Response> {
  return createOpenApiFetchHandler({
    endpoint: REST_API_BASE,
    req,
    router: restRouter,
    createContext: () => createContext(req),
    onError: logTrpcError,
  });
}
