import { z } from "zod";
import { checkSiteParams as checkWithSchema, type SiteParamIssue } from "@/server/domain/site-params";

export const checkSiteParamsInput = z.object({ params: z.unknown() });

/** Validates a draft without saving it, so a form can show each field's message as the user types. */
export function checkSiteParams({ input }: { input: z.infer<typeof checkSiteParamsInput> }): { valid: boolean; issues: SiteParamIssue[] } {
  const result = checkWithSchema(input.params);
  return result.ok ? { valid: true, issues: [] } : { valid: false, issues: result.issues };
}
