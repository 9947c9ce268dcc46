import { AuditSkeleton } from "@/components/audit/audit-log";

export default function AuditLoading() {
  return <AuditSkeleton />;
}
