import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { image, imageVersion } from "@/db/schema";
import { checkFourEyes, decideImageTransition } from "@/server/domain/image-versions";
import type { Actor } from "../lib/actor";
import { ServiceError } from "../lib/errors";
import { recordAudit } from "../record-audit";

export const decideImageVersionInput = z.object({
  versionId: z.number().int().positive(),
  decision: z.enum(["approve", "reject"]),
  reason: z.string().trim().min(3, "say why, in a few words").max(2000),
});
export type DecideImageVersionInput = z.input<typeof decideImageVersionInput>;

/** Four eyes: an admin other than the submitter approves or rejects a submitted version, with a reason. */
export async function decideImageVersion({ db, actor, input, now = new Date() }: { db: Db; actor: Actor; input: DecideImageVersionInput; now?: Date }): Promise<{ state: string }> {
  const { versionId, decision, reason } = decideImageVersionInput.parse(input);
  return db.transaction(async (tx) => {
    const row = await tx
      .select({ state: imageVersion.state, version: imageVersion.version, submittedById: imageVersion.submittedById, name: image.name })
      .from(imageVersion)
      .innerJoin(image, eq(image.id, imageVersion.imageId))
      .where(eq(imageVersion.id, versionId))
      .get();
    if (!row) throw new ServiceError("NOT_FOUND", `Image version ${versionId} does not exist`);
    const selfApproval = checkFourEyes({ submittedById: row.submittedById, deciderId: actor.id });
    if (selfApproval) throw new ServiceError("FORBIDDEN", selfApproval);
    const transition = decideImageTransition(row.state, decision);
    if (!transition.ok) throw new ServiceError("CONFLICT", transition.reason);
    await tx.update(imageVersion).set({ state: transition.to, decidedByName: actor.name, decidedAt: now, decisionReason: reason }).where(eq(imageVersion.id, versionId)).run();
    await recordAudit(
      tx,
      actor,
      {
        verb: decision === "approve" ? "images.approve" : "images.reject",
        targetType: "image_version",
        targetId: versionId,
        summary: `${decision === "approve" ? "Approved" : "Rejected"} ${row.name} ${row.version}: ${reason}`,
        before: { state: row.state },
        after: { state: transition.to, reason },
      },
      now,
    );
    return { state: transition.to };
  });
}
