import { VmDetailSkeleton } from "@/components/vms/vm-detail";

export default function VmLoading() {
  return <VmDetailSkeleton />;
}
