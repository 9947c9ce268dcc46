import { and, asc, count, desc, eq, gte, inArray, lt, or, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { cloud, cloudImage, flavor, vm } from "@/db/schema";
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
 * the VM page and exports.
 */
export function selectVmRows(db: Db) {
  return db
    .select({
      id: vm.id,
      cloudId: vm.cloudId,
      cloudName: cloud.name,
      providerId: vm.providerId,
      name: vm.name,
      queue: vm.queue,
      imageRef: vm.imageRef,
      imageName: cloudImage.name,
      flavorRef: vm.flavorRef,
      flavorName: flavor.name,
      ip: vm.ip,
      state: vm.state,
      rawState: vm.rawState,
      stale: vm.stale,
      lastError: vm.lastError,
      requestedAt: vm.requestedAt,
      createdAt: vm.createdAt,
      runningAt: vm.runningAt,
      drainRequestedAt: vm.drainRequestedAt,
      drainDeadlineAt: vm.drainDeadlineAt,
      destroyRequestedAt: vm.destroyRequestedAt,
      terminatedAt: vm.terminatedAt,
      lastSeenAt: vm.lastSeenAt,
      stateChangedAt: vm.stateChangedAt,
      launchActionId: vm.launchActionId,
      imageClass: vm.imageClass,
      imageVersionId: vm.imageVersionId,
      imageModified: vm.imageModified,
    })
    .from(vm)
    .innerJoin(cloud, eq(cloud.id, vm.cloudId))
    .leftJoin(cloudImage, and(eq(cloudImage.cloudId, vm.cloudId), eq(cloudImage.providerId, vm.imageRef)))
    .leftJoin(flavor, and(eq(flavor.cloudId, vm.cloudId), eq(flavor.providerId, vm.flavorRef)));
}

export function buildVmFilter(input: VmListFilter): SQL | undefined {
  return and(
    input.cloudId === undefined ? undefined : eq(vm.cloudId, input.cloudId),
    input.states.length === 0 ? undefined : inArray(vm.state, input.states),
    input.queue === undefined ? undefined : eq(vm.queue, input.queue),
    input.image === undefined ? undefined : eq(vm.imageRef, input.image),
    input.stale === undefined ? undefined : eq(vm.stale, input.stale),
    input.imageClasses.length === 0 ? undefined : inArray(vm.imageClass, input.imageClasses),
    input.imageVersionId === undefined ? undefined : eq(vm.imageVersionId, input.imageVersionId),
    input.name === "" ? undefined : buildNameFilter(input.name, input.nameMatch),
  );
}

function buildNameFilter(term: string, match: NameMatch): SQL | undefined {
  if (match === "prefix") {
    // A range on the indexed column instead of LIKE 'x%', which SQLite only indexes under NOCASE.
    return and(gte(vm.name, term), lt(vm.name, `${term}\uffff`));
  }
  const pattern = `%${term.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return or(...[vm.name, vm.ip, vm.providerId].map((column) => sql`lower(${column}) like ${pattern} escape '\\'`));
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
