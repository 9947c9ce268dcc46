import { listAuditFilterOptions, listAuditLog, listAuditLogInput } from "@/server/services/list-audit-log";
import { createRouter, guardedProcedure } from "@/server/trpc/init";

export const auditRouter = createRouter({
  list: guardedProcedure("audit.read")
    .input(listAuditLogInput)
    .query(({ ctx, input }) => listAuditLog({ db: ctx.db, input })),
  filterOptions: guardedProcedure("audit.read").query(({ ctx }) => listAuditFilterOptions({ db: ctx.db })),
});
