import { ActionDetailSkeleton } from "@/components/actions/action-detail";

export default function ActionLoading() {
  return <ActionDetailSkeleton />;
}
