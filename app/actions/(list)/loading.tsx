import { ActionsListSkeleton } from "@/components/actions/actions-list";

export default function ActionsLoading() {
  return <ActionsListSkeleton />;
}
