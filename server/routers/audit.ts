import { listAuditFilterOptions, listAuditLog, listAuditLogInput, listAuditLogOutput } from "@/server/services/list-audit-log";
import { createRouter, guardedProcedure } from "@/server/trpc/init";

export const auditRouter = createRouter({
  list: guardedProcedure("audit.read")
    .meta({ openapi: { method: "GET", path: "/audit", tags: ["audit"], summary: "The audit log, newest first, one page at a time" } })
    .input(listAuditLogInput)
    .output(listAuditLogOutput)
    .query(({ ctx, input }) => listAuditLog({ db: ctx.db, input })),
  filterOptions: guardedProcedure("audit.read").query(({ ctx }) => listAuditFilterOptions({ db: ctx.db })),
});
