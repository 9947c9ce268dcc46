import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { cloud } from "@/db/schema";
import { launchTokenFor, launchVmNameFor } from "@/server/domain/action-outcome";
import { checkContextSize, measureForCloud, renderContext, type ContextVm } from "@/server/domain/contextualization";
import { CONTEXT_METHODS, type ContextMethod } from "@/server/domain/vocabulary";
import { specFor } from "@/server/clouds/registry";
import { defaultSiteParams, describeNetworkFit, siteParamsSchema } from "@/server/domain/site-params";
import { ServiceError } from "./lib/errors";
import { getCurrentSiteParams } from "./get-site-params";

export const previewContextInput = z.object({
  cloudId: z.number().int().positive(),
  /** Draft parameters (the edit form); the version in force when absent. */
  params: siteParamsSchema.optional(),
  vmName: z.string().trim().min(1).max(255).optional(),
  queue: z.string().trim().max(120).optional(),
});
export type PreviewContextInput = z.input<typeof previewContextInput>;

type PerMethod<T> = Record<ContextMethod, T>;

function perMethod<T>(make: (method: ContextMethod) => T): PerMethod<T> {
  return Object.fromEntries(CONTEXT_METHODS.map((m) => [m, make(m)])) as PerMethod<T>;
}

/**
 * The contextualization a VM launched now would receive, in all three methods, with its
 * size against the cloud's limit. `method` is the one the cloud sends; the others are
 * shown for comparison. Placeholders stand in for the VM name, action id and token.
 */
export async function previewContext({ db, input }: { db: Db; input: PreviewContextInput }) {
  const target = await db
    .select({ id: cloud.id, name: cloud.name, kind: cloud.kind, contextMethod: cloud.contextMethod })
    .from(cloud)
    .where(eq(cloud.id, input.cloudId))
    .get();
  if (!target) throw new ServiceError("NOT_FOUND", `Cloud ${input.cloudId} does not exist`);

  const current = input.params ? null : await getCurrentSiteParams({ db, input: { cloudId: target.id } });
  const draft = input.params ? siteParamsSchema.parse(input.params) : null;
  const params = draft ?? current?.params ?? defaultSiteParams(target.name);
  const source: "draft" | "current" | "default" = draft ? "draft" : current ? "current" : "default";

  const queue = input.queue && input.queue !== "" ? input.queue : params.pandaQueue;
  // Named as the executor names VMs, for a placeholder action 0.
  const token = launchTokenFor(0, 1);
  const vm: ContextVm = { vmName: input.vmName ?? launchVmNameFor(queue, token), queue, actionId: 0, token, cloudName: target.name };
  const spec = specFor(target.kind);
  const limit = spec.userData;
  const renders = perMethod((m) => renderContext(m, params, vm));
  return {
    cloud: target,
    method: target.contextMethod,
    source,
    version: current?.version ?? null,
    params,
    vm,
    rendered: perMethod((m) => renders[m].userData),
    bytes: perMethod((m) => renders[m].bytes),
    /** The size as the cloud counts it (raw, or base64 where its kind counts that). */
    measuredBytes: perMethod((m) => measureForCloud(limit, renders[m].bytes)),
    sizeProblems: perMethod((m) => checkContextSize(limit, renders[m].bytes)),
    limitBytes: limit.limitBytes,
    limitMeasured: limit.measured,
    limitNote: limit.note,
    networkNote: describeNetworkFit(spec.network, params.network),
  };
}

export type ContextPreview = Awaited<ReturnType<typeof previewContext>>;
