import type { Db } from "@/db/client";
import { createCertificateAuthority, issueEndorserCertificate } from "@/server/images/x509";
import { SYSTEM_ACTOR } from "../lib/actor";
import { getEndorser, installEndorser } from "./endorser";

/** On the embedded default, a demo CA and endorser are created on first start so lists are signed from the outset. */
export async function ensureDemoEndorser({ db, secretKey }: { db: Db; secretKey: Buffer }): Promise<boolean> {
  if (await getEndorser({ db })) return false;
  const ca = await createCertificateAuthority({ name: "C=CH, O=cloudscope demo, CN=cloudscope demo CA" });
  const endorser = await issueEndorserCertificate({ ca, name: "C=CH, O=cloudscope demo, CN=cloudscope demo endorser, E=endorser@cloudscope.invalid" });
  await installEndorser({ db, actor: SYSTEM_ACTOR, secretKey, input: { certPem: endorser.certPem, keyPem: endorser.keyPem, caPem: ca.certPem } });
  return true;
}
