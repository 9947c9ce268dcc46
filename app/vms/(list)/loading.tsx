import { VmsTableSkeleton } from "@/components/tables/vms-table";

export default function VmsLoading() {
  return <VmsTableSkeleton />;
}
