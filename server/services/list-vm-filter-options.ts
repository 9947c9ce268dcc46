import { and, asc, eq, inArray, isNotNull } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { cloudImage, vm } from "@/db/schema";

export const listVmFilterOptionsInput = z.object({ cloudId: z.number().int().positive().optional() });
export type ListVmFilterOptionsInput = z.infer<typeof listVmFilterOptionsInput>;

/** The queues and images VMs actually use, to offer as filter choices. */
export async function listVmFilterOptions({ db, input }: { db: Db; input: ListVmFilterOptionsInput }) {
  const inCloud = input.cloudId === undefined ? undefined : eq(vm.cloudId, input.cloudId);
  const [queues, imageRefs] = await Promise.all([
    db.selectDistinct({ queue: vm.queue }).from(vm).where(and(inCloud, isNotNull(vm.queue))).orderBy(asc(vm.queue)),
    db.selectDistinct({ ref: vm.imageRef }).from(vm).where(and(inCloud, isNotNull(vm.imageRef))).orderBy(asc(vm.imageRef)),
  ]);
  const refs = imageRefs.flatMap(({ ref }) => (ref === null ? [] : [ref]));
  const named =
    refs.length === 0
      ? []
      : await db.select({ ref: cloudImage.providerId, name: cloudImage.name }).from(cloudImage).where(inArray(cloudImage.providerId, refs));
  const nameByRef = new Map(named.map(({ ref, name }) => [ref, name]));

  return {
    queues: queues.flatMap(({ queue }) => (queue === null ? [] : [queue])),
    images: refs.map((ref) => ({ ref, name: nameByRef.get(ref) ?? null })),
  };
}

export type VmFilterOptions = Awaited<ReturnType<typeof listVmFilterOptions>>;
