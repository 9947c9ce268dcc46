import { and, asc, count, desc, eq, gte, inArray, lt, or, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { cloud, cloudImage, flavor, vm, type vmArchive } from "@/db/schema";
import { VM_IMAGE_CLASSES, VM_STATES } from "@/server/domain/vocabulary";
import { timeField } from "./lib/reply-fields";

export const VM_SORT_FIELDS = ["name", "state", "cloud", "queue", "image", "flavor", "ip", "stateChangedAt", "createdAt"] as const;
export type VmSortField = (typeof VM_SORT_FIELDS)[number];
export const SORT_DIRECTIONS = ["asc", "desc"] as const;
export type SortDirection = (typeof SORT_DIRECTIONS)[number];
/** "prefix" is case-sensitive and walks the name index; "contains" ignores case, scans, and also matches IPs and provider ids. */
export const NAME_MATCHES = ["contains", "prefix"] as const;
export type NameMatch = (typeof NAME_MATCHES)[number];

export const DEFAULT_VM_PAGE_SIZE = 50;

/** The hot VM table or its archive: the same columns. */
export type VmTable = typeof vm | typeof vmArchive;

export const listVmsInput = z.object({
  cloudId: z.number().int().positive().optional(),
  states: z.array(z.enum(VM_STATES)).max(VM_STATES.length).default([]),
  queue: z.string().trim().min(1).max(200).optional(),
  image: z.string().trim().min(1).max(200).optional(),
  /** Only rows the worker could not refresh; counted the same way as the "stale" figures. */
  stale: z.boolean().optional(),
  /** What the VMs run, as the collector classified their images ("Image trust"). */
  imageClasses: z.array(z.enum(VM_IMAGE_CLASSES)).max(VM_IMAGE_CLASSES.length).default([]),
  /** VMs running one catalogue version (a deployment matrix cell). */
  imageVersionId: z.number().int().positive().optional(),
  name: z.string().trim().max(200).default(""),
  nameMatch: z.enum(NAME_MATCHES).default("contains"),
  sort: z.enum(VM_SORT_FIELDS).default("name"),
  dir: z.enum(SORT_DIRECTIONS).default("asc"),
  page: z.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.number().int().min(1).max(200).default(DEFAULT_VM_PAGE_SIZE),
});
export type ListVmsInput = z.input<typeof listVmsInput>;
export type ListVmsQuery = z.output<typeof listVmsInput>;
/** What narrows the list, without sort and paging: shared by the table, "select all matching" and exports. */
export type VmListFilter = Pick<ListVmsQuery, "cloudId" | "states" | "queue" | "image" | "stale" | "imageClasses" | "imageVersionId" | "name" | "nameMatch">;

/** One row of selectVmRows, as the REST API documents it. */
export const vmRowSchema = z.object({
  id: z.number().int(),
  cloudId: z.number().int(),
  cloudName: z.string(),
  providerId: z.string(),
  name: z.string(),
  queue: z.string().nullable(),
  imageRef: z.string().nullable(),
  imageName: z.string().nullable(),
  flavorRef: z.string().nullable(),
  flavorName: z.string().nullable(),
  ip: z.string().nullable(),
  state: z.enum(VM_STATES),
  rawState: z.string(),
  stale: z.boolean(),
  lastError: z.string().nullable(),
  requestedAt: timeField.nullable(),
  createdAt: timeField.nullable(),
  runningAt: timeField.nullable(),
  drainRequestedAt: timeField.nullable(),
  drainDeadlineAt: timeField.nullable(),
  destroyRequestedAt: timeField.nullable(),
  terminatedAt: timeField.nullable(),
  lastSeenAt: timeField,
  stateChangedAt: timeField,
  launchActionId: z.number().int().nullable(),
  imageClass: z.enum(VM_IMAGE_CLASSES).nullable(),
  imageVersionId: z.number().int().nullable(),
  imageModified: z.string().nullable(),
});
export const listVmsOutput = z.object({
  rows: z.array(vmRowSchema),
  total: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  pageCount: z.number().int(),
});

/** One page of VMs across clouds; the total is counted with the very same filter. */
export async function listVms({ db, input }: { db: Db; input: ListVmsQuery }) {
  const where = buildVmFilter(input);
  const [counted, rows] = await Promise.all([
    db.select({ total: count() }).from(vm).where(where),
    selectVmRows(db)
      .where(where)
      .orderBy(...buildVmOrder(input))
      .limit(input.pageSize)
      .offset((input.page - 1) * input.pageSize),
  ]);
  const total = counted[0]?.total ?? 0;
  return {
    rows,
    total,
    page: input.page,
    pageSize: input.pageSize,
    pageCount: Math.max(1, Math.ceil(total / input.pageSize)),
  };
}

/**
 * A VM with its cloud's, image's and flavor's names: the one row shape of the VMs table,
 * the VM page and exports; from the hot table or, for the VM page and exports, the archive.
 */
export function selectVmRows(db: Db, table: VmTable = vm) {
  return db
    .select({
      id: table.id,
      cloudId: table.cloudId,
      cloudName: cloud.name,
      providerId: table.providerId,
      name: table.name,
      queue: table.queue,
      imageRef: table.imageRef,
      imageName: cloudImage.name,
      flavorRef: table.flavorRef,
      flavorName: flavor.name,
      ip: table.ip,
      state: table.state,
      rawState: table.rawState,
      stale: table.stale,
      lastError: table.lastError,
      requestedAt: table.requestedAt,
      createdAt: table.createdAt,
      runningAt: table.runningAt,
      drainRequestedAt: table.drainRequestedAt,
      drainDeadlineAt: table.drainDeadlineAt,
      destroyRequestedAt: table.destroyRequestedAt,
      terminatedAt: table.terminatedAt,
      lastSeenAt: table.lastSeenAt,
      stateChangedAt: table.stateChangedAt,
      launchActionId: table.launchActionId,
      imageClass: table.imageClass,
      imageVersionId: table.imageVersionId,
      imageModified: table.imageModified,
    })
    .from(table)
    .innerJoin(cloud, eq(cloud.id, table.cloudId))
    .leftJoin(cloudImage, and(eq(cloudImage.cloudId, table.cloudId), eq(cloudImage.providerId, table.imageRef)))
    .leftJoin(flavor, and(eq(flavor.cloudId, table.cloudId), eq(flavor.providerId, table.flavorRef)));
}

export function buildVmFilter(input: VmListFilter, table: VmTable = vm): SQL | undefined {
  return and(
    input.cloudId === undefined ? undefined : eq(table.cloudId, input.cloudId),
    input.states.length === 0 ? undefined : inArray(table.state, input.states),
    input.queue === undefined ? undefined : eq(table.queue, input.queue),
    input.image === undefined ? undefined : eq(table.imageRef, input.image),
    input.stale === undefined ? undefined : eq(table.stale, input.stale),
    input.imageClasses.length === 0 ? undefined : inArray(table.imageClass, input.imageClasses),
    input.imageVersionId === undefined ? undefined : eq(table.imageVersionId, input.imageVersionId),
    input.name === "" ? undefined : buildNameFilter(table, input.name, input.nameMatch),
  );
}

function buildNameFilter(table: VmTable, term: string, match: NameMatch): SQL | undefined {
  if (match === "prefix") {
    // A range on the indexed column instead of LIKE 'x%', which SQLite only indexes under NOCASE.
    return and(gte(table.name, term), lt(table.name, `${term}\uffff`));
  }
  const pattern = `%${term.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return or(...[table.name, table.ip, table.providerId].map((column) => sql`lower(${column}) like ${pattern} escape '\\'`));
}

/**
 * The sort column first, then stable tie-breakers so pages never overlap. A missing value
 * (no queue, no IP, a creation time the provider never gave) sorts first, on both engines.
 */
export function buildVmOrder({ sort, dir }: Pick<ListVmsQuery, "sort" | "dir">): SQL[] {
  const by = dir === "asc" ? asc : desc;
  const byNullable = (column: SQLWrapper) => (dir === "asc" ? sql`${column} asc nulls first` : sql`${column} desc nulls last`);
  const columns: SQL[] = {
    name: [by(vm.name)],
    state: [by(vm.state), by(vm.name)],
    cloud: [by(cloud.name), by(vm.name)],
    queue: [byNullable(vm.queue), by(vm.name)],
    image: [byNullable(sql`coalesce(${cloudImage.name}, ${vm.imageRef})`), by(vm.name)],
    flavor: [byNullable(sql`coalesce(${flavor.name}, ${vm.flavorRef})`), by(vm.name)],
    ip: [byNullable(vm.ip), by(vm.name)],
    stateChangedAt: [by(vm.stateChangedAt)],
    createdAt: [byNullable(vm.createdAt)],
  }[sort];
  return [...columns, by(vm.id)];
}

export type VmList = Awaited<ReturnType<typeof listVms>>;
export type VmRow = VmList["rows"][number];
