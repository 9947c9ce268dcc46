import "server-only";
import type { AnyProcedure, AnyRouter } from "@trpc/server";
import type { z } from "zod";
import { createRouter, type ProcedureMeta } from "@/server/trpc/init";

type Schema = z.ZodType;
type Def = Record<string, unknown> & { type: string; shape?: Record<string, Schema> };

/** The schema kinds a query string is read into by coercion; flags are read apart (Boolean("false") is true). */
const COERCED_FROM_QUERY = new Set(["number", "bigint", "date"]);
/** Where a schema holds the schemas it wraps: optional, nullable, default, array, pipe. */
const WRAPPED = ["innerType", "element", "in", "out"] as const;

/**
 * The procedures marked `openapi`, as trpc-to-openapi is to serve them. The library switches
 * coercion on, for good, in every input schema it is handed (`_def.coerce = true`): handed the
 * console's own, tRPC calls would take "5" for 5 after the first REST call, the worker's stored
 * params too. So each REST procedure carries copies for the library to change, reads its query
 * string with them, and calls the real procedure (guard, audit, its own validation) with what
 * they read. JSON bodies pass as sent, as strictly checked as over tRPC.
 */
export function createRestRouter(router: AnyRouter): AnyRouter {
  const procedures = router._def.procedures as Record<string, AnyProcedure>;
  const served = Object.entries(procedures).filter(([, procedure]) => (procedure._def.meta as ProcedureMeta | undefined)?.openapi);
  return createRouter(Object.fromEntries(served.map(([path, procedure]) => [path, copyProcedure(procedure)])));
}

function copyProcedure(procedure: AnyProcedure): AnyProcedure {
  const query = procedure._def.type === "query";
  const inputs = (procedure._def.inputs as Schema[]).map((schema) => copySchema(schema, query));
  const reader = query && inputs.length === 1 ? inputs[0] : undefined;
  const served = ((opts: Parameters<AnyProcedure>[0]) =>
    procedure(reader ? { ...opts, getRawInput: async () => readQuery(reader, await opts.getRawInput()) } : opts)) as AnyProcedure;
  return Object.assign(served, procedure, { _def: { ...procedure._def, inputs } });
}

/** A deep copy with fresh defs (a clone alone shares its def); `coerce` reads numbers and dates from strings. */
function copySchema(schema: Schema, coerce: boolean): Schema {
  const def: Def = { ...(schema._zod.def as unknown as Def) };
  if (def.shape) def.shape = Object.fromEntries(Object.entries(def.shape).map(([key, field]) => [key, copySchema(field, coerce)]));
  for (const key of WRAPPED) if (def[key]) def[key] = copySchema(def[key] as Schema, coerce);
  if (coerce && COERCED_FROM_QUERY.has(def.type)) def.coerce = true;
  return schema.clone(def as never);
}

/**
 * A query string as its fields mean: `true`/`false` flags, a lone value of a list
 * (`?states=running`), numbers and dates by the coercing copy. What it cannot read goes
 * on as sent, for the procedure to refuse with its usual message.
 */
async function readQuery(schema: Schema, raw: unknown): Promise<unknown> {
  const shape = (schema._zod.def as unknown as Def).shape;
  if (!shape || raw === null || typeof raw !== "object") return raw;
  const input = { ...(raw as Record<string, unknown>) };
  for (const [key, field] of Object.entries(shape)) {
    const kind = unwrapOptional(field)._zod.def.type;
    if (kind === "array" && typeof input[key] === "string") input[key] = [input[key]];
    if (kind === "boolean" && (input[key] === "true" || input[key] === "false")) input[key] = input[key] === "true";
  }
  const read = await schema.safeParseAsync(input);
  return read.success ? read.data : input;
}

function unwrapOptional(schema: Schema): Schema {
  const { innerType } = schema._zod.def as unknown as { innerType?: Schema };
  return innerType ? unwrapOptional(innerType) : schema;
}
