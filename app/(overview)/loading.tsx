import { OverviewSkeleton } from "@/components/overview/overview-live";

export default function OverviewLoading() {
  return <OverviewSkeleton />;
}
