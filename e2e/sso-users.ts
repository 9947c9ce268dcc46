import type { TestOidcUser } from "../server/testing/oidc-test-provider";

/** The e2e console's groups → roles (CLOUDSCOPE_OIDC_GROUP_ROLES). */
export const E2E_GROUP_ROLES = "atlas-adc-cloud-admins=admin,atlas-adc-operators=operator,atlas-adc-shifters=shifter";

/** People at the e2e console's OIDC provider: their login name at its form is `sub`. */
export const SSO_OPERATOR: TestOidcUser = { sub: "sso-operator", name: "Olga Operator", email: "olga@example.org", username: "olga", groups: ["atlas-adc-shifters", "atlas-adc-operators"] };
export const SSO_OUTSIDER: TestOidcUser = { sub: "sso-outsider", name: "Otto Outsider", email: "otto@example.org", username: "otto", groups: ["cms-users"] };

export const E2E_SSO_USERS = [SSO_OPERATOR, SSO_OUTSIDER];
