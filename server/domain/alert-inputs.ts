import { z } from "zod";
import { NOISY_SIGNALS } from "./alert-evaluation";
import { ALERT_SEVERITIES, HEALTH_SIGNALS } from "./vocabulary";

/** What /alerts lists; `recent` is the resolved ones of the last week. */
export const ALERT_VIEWS = ["firing", "acknowledged", "recent"] as const;
export type AlertView = (typeof ALERT_VIEWS)[number];

export const listAlertsInput = z.object({ view: z.enum(ALERT_VIEWS).default("firing"), cloudId: z.number().int().positive().optional() });

export const acknowledgeAlertInput = z.object({
  alertId: z.number().int().positive(),
  comment: z.string().trim().min(1, "comment: say what is being done about it").max(2_000, "comment: at most 2000 characters"),
  silenceUntil: z.coerce.date({ message: "silenceUntil: expected a date and time" }).optional(),
});

export const updateAlertRuleInput = z
  .object({
    signal: z.enum(HEALTH_SIGNALS, { message: `signal: expected one of ${HEALTH_SIGNALS.join(", ")}` }),
    threshold: z.number({ message: "threshold: expected a number" }).min(0, "threshold: must not be negative"),
    forSec: z.number({ message: "forSec: expected a number of seconds" }).int("forSec: whole seconds").min(0, "forSec: must not be negative").max(86_400, "forSec: at most a day"),
    severity: z.enum(ALERT_SEVERITIES, { message: `severity: expected ${ALERT_SEVERITIES.join(" or ")}` }),
    runbookUrl: z
      .string()
      .trim()
      .refine((raw) => /^https?:\/\/\S+$/.test(raw), "runbookUrl: expected an http:// or https:// address")
      .nullable()
      .default(null),
    enabled: z.boolean().default(true),
  })
  .superRefine((rule, ctx) => {
    if (rule.forSec === 0 && NOISY_SIGNALS.includes(rule.signal)) {
      ctx.addIssue({ code: "custom", path: ["forSec"], message: `forSec: ${rule.signal} is noisy; wait at least a few seconds before firing` });
    }
  });

export const alertDeliveriesInput = z.object({ alertId: z.number().int().positive() });
