import { z } from "zod";

const namedVm = z.object({ vmId: z.number().int().positive(), name: z.string().min(1) });

export interface NamedVm {
  vmId: number;
  name: string;
}

/**
 * The VMs a drain or destroy entry recorded in its "before" value ({ vmId, name, … } per
 * VM), so the log can link each to its page. Anything else names no VM.
 */
export function listNamedVms(before: unknown): NamedVm[] {
  if (!Array.isArray(before)) return [];
  return before.flatMap((item) => {
    const parsed = namedVm.safeParse(item);
    return parsed.success ? [{ vmId: parsed.data.vmId, name: parsed.data.name }] : [];
  });
}
