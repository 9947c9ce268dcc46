import { and, desc, eq, inArray, or } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/db/client";
import { auditLog, image } from "@/db/schema";
import { readPromotionGates } from "./read-promotion-gates";
import { ServiceError } from "../lib/errors";
import { selectVersionsOfImage } from "./list-image-versions";

export const getImageInput = z.object({ imageId: z.number().int().positive() });

/** One image: its versions and its whole history (who did what, when, why) from the audit log. */
export async function getImage({ db, input }: { db: Db; input: z.input<typeof getImageInput> }) {
  const { imageId } = getImageInput.parse(input);
  const found = await db.select().from(image).where(eq(image.id, imageId)).get();
  if (!found) throw new ServiceError("NOT_FOUND", `Image ${imageId} does not exist`);
  const versions = await selectVersionsOfImage(db, imageId);
  const versionIds = versions.map((v) => String(v.id));
  const history = await db
    .select({ id: auditLog.id, at: auditLog.at, actorName: auditLog.actorName, verb: auditLog.verb, targetId: auditLog.targetId, summary: auditLog.summary })
    .from(auditLog)
    .where(or(and(eq(auditLog.targetType, "image"), eq(auditLog.targetId, String(imageId))), versionIds.length > 0 ? and(eq(auditLog.targetType, "image_version"), inArray(auditLog.targetId, versionIds)) : undefined))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(500)
    .all();
  // What stands between a testing version and production, shown on the version.
  const gates = await readPromotionGates(db, versions.filter((v) => v.state === "endorsed" && v.channel === "testing").map((v) => v.id));
  return { image: found, versions: versions.reverse().map((v) => ({ ...v, promotionGates: gates.get(v.id) ?? null })), history };
}
