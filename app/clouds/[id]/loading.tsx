import { CloudDetailSkeleton } from "@/components/clouds/cloud-detail-live";

export default function CloudLoading() {
  return <CloudDetailSkeleton />;
}
