import type { Db } from "@/db/client";
import { describeSsoRefusal } from "@/server/domain/sso-refusals";
import { SYSTEM_ACTOR } from "./lib/actor";
import { recordAudit } from "./record-audit";

/** A refused single sign-on, recorded as the console's own act, from the address that tried. */
export async function recordSsoRefusal({ db, code, detail, ip }: { db: Db; code: string; detail: string | null; ip: string | null }): Promise<void> {
  const summary = `refused single sign-on (${code.slice(0, 60)}): ${detail?.slice(0, 200) ?? describeSsoRefusal(code)}`;
  await recordAudit(db, { ...SYSTEM_ACTOR, ip }, { verb: "auth.ssoRefused", targetType: "user", targetId: null, summary, after: { code } });
}
