import { acknowledgeAlertInput, alertDeliveriesInput, listAlertsInput, updateAlertRuleInput } from "@/server/domain/alert-inputs";
import { acknowledgeAlert } from "@/server/services/acknowledge-alert";
import { listAlertDeliveries } from "@/server/services/deliver-alert-notifications";
import { countOpenAlerts, listAlerts } from "@/server/services/list-alerts";
import { listAlertRules, updateAlertRule } from "@/server/services/update-alert-rule";
import { createRouter, guardedProcedure } from "@/server/trpc/init";

/** /alerts: firing, acknowledged and recent alerts; acknowledging; the rules behind them. */
export const alertsRouter = createRouter({
  list: guardedProcedure("alerts.read")
    .input(listAlertsInput)
    .query(({ ctx, input }) => listAlerts({ db: ctx.db, input })),
  counts: guardedProcedure("alerts.read").query(({ ctx }) => countOpenAlerts({ db: ctx.db })),
  acknowledge: guardedProcedure("alerts.acknowledge")
    .input(acknowledgeAlertInput)
    .mutation(({ ctx, input }) => acknowledgeAlert({ db: ctx.db, actor: ctx.actor, input })),
  /** The delivery log of one alert: each receiver's notifications, attempts and last error. */
  deliveries: guardedProcedure("alerts.read")
    .input(alertDeliveriesInput)
    .query(({ ctx, input }) => listAlertDeliveries({ db: ctx.db, input })),
  rules: guardedProcedure("alerts.read").query(({ ctx }) => listAlertRules({ db: ctx.db })),
  updateRule: guardedProcedure("alerts.editRule")
    .input(updateAlertRuleInput)
    .mutation(({ ctx, input }) => updateAlertRule({ db: ctx.db, actor: ctx.actor, input })),
});
