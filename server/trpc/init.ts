import "server-only";
import { initTRPC } from "@trpc/server";
import superjson from "superjson";
import type { Db } from "@/db/client";
import { getDb } from "@/server/db";
import { formatError } from "./format-error";
import { mapServiceError } from "./map-service-error";

/** What every procedure sees. The signed-in session joins it when auth lands. */
export interface TrpcContext {
  db: Db;
}

export function createTrpcContext(): TrpcContext {
  return { db: getDb() };
}

const t = initTRPC.context<TrpcContext>().create({
  transformer: superjson,
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

/*
 * Role-guarded procedures go here, and only here: shifterProcedure, operatorProcedure and
 * adminProcedure, each built from publicProcedure with one middleware that checks the
 * session's role against the "resource.verb" permission table.
 */
