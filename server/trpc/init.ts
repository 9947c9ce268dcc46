import "server-only";
import { initTRPC, TRPCError } from "@trpc/server";
import type { OpenApiMeta } from "trpc-to-openapi";
import type { Db } from "@/db/client";
import type { Actor } from "@/server/services/lib/actor";
import { isAllowed, PERMISSIONS, type Permission } from "./permissions";
import { getActor, getActorForRead } from "@/server/auth/auth";
import { getDb } from "@/server/db";
import { recordTokenRead } from "@/server/services/record-token-read";
import { formatError } from "./format-error";
import { mapServiceError } from "./map-service-error";
import { responseTransformer } from "./response-transformer";

/** What every procedure sees: the database and who is asking (null when not signed in). */
export interface TrpcContext {
  db: Db;
  actor: Actor | null;
}

/**
 * Resolves the session cookie in `headers` to the actor (null when anonymous, expired or
 * disabled). Mutations (POST) always look the session up; reads may reuse a check made
 * within the last second.
 */
export async function createTrpcContext({ headers, mutation }: { headers: Headers; mutation: boolean }): Promise<TrpcContext> {
  return { db: getDb(), actor: await (mutation ? getActor(headers) : getActorForRead(headers)) };
}

// A type, not an interface: trpc-to-openapi wants meta assignable to Record<string, unknown>.
export type ProcedureMeta = {
  /** Every procedure but the sign-in ones names the permission it needs. */
  permission?: Permission;
  /** The procedures a script may call as REST too: served under /api/v1, listed in /api/openapi.json. */
  openapi?: OpenApiMeta["openapi"];
};

const t = initTRPC.context<TrpcContext>().meta<ProcedureMeta>().create({
  transformer: responseTransformer,
  errorFormatter: formatError,
});

export const createRouter = t.router;
export const createCallerFactory = t.createCallerFactory;

const mapServiceErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok) throw mapServiceError(result.error);
  return result;
});

/** Open to anyone who can reach the web process. */
export const publicProcedure = t.procedure.use(mapServiceErrors);

/**
 * The one guard: a procedure that needs `permission`, checked on the server before its
 * input is even parsed. Anonymous callers get UNAUTHORIZED, lower roles FORBIDDEN.
 */
export function guardedProcedure(permission: Permission) {
  return publicProcedure.meta({ permission }).use(({ ctx, next }) => {
    if (!ctx.actor) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in first" });
    if (!isAllowed(ctx.actor.role, permission)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `Your role (${ctx.actor.role}) may not do this (${permission} needs ${PERMISSIONS[permission]})` });
    }
    return next({ ctx: { ...ctx, actor: ctx.actor } });
  }).use(async ({ ctx, type, path, next }) => {
    // Changes are audited by their services; a token's reads are audited here, summarised.
    if (type === "query" && ctx.actor.tokenId) await recordTokenRead({ db: ctx.db, actor: ctx.actor, procedure: path });
    return next();
  });
}
