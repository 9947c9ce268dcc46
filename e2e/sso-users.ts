import { TEST_OIDC_FAULTS_PATH, type TestOidcFaults, type TestOidcUser } from "../server/testing/oidc-test-provider";

/** The e2e console's groups → roles (CLOUDSCOPE_OIDC_GROUP_ROLES). */
export const E2E_GROUP_ROLES = "atlas-adc-cloud-admins=admin,atlas-adc-operators=operator,atlas-adc-shifters=shifter";

/** People at the e2e console's OIDC provider: their login name at its form is `sub`. */
export const SSO_OPERATOR: TestOidcUser = { sub: "sso-operator", name: "Olga Operator", email: "olga@example.org", username: "olga", groups: ["atlas-adc-shifters", "atlas-adc-operators"] };
export const SSO_OUTSIDER: TestOidcUser = { sub: "sso-outsider", name: "Otto Outsider", email: "otto@example.org", username: "otto", groups: ["cms-users"] };

export const E2E_SSO_USERS = [SSO_OPERATOR, SSO_OUTSIDER];

/** Flips fault knobs of the e2e console's provider (it runs in global setup's process). */
export async function setOidcFaults(change: Partial<TestOidcFaults>): Promise<void> {
  const res = await fetch(`${process.env.CLOUDSCOPE_E2E_OIDC}${TEST_OIDC_FAULTS_PATH}`, { method: "PUT", body: JSON.stringify(change) });
  if (!res.ok) throw new Error(`setting the OIDC provider's faults: HTTP ${res.status} ${await res.text()}`);
}
