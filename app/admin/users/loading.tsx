import { LoadingRegion, Skeleton } from "@/components/layout/skeleton";

export default function UsersLoading() {
  return (
    <LoadingRegion label="Loading users">
      <Skeleton className="mb-3 h-7 w-32" />
      <Skeleton className="mb-3 h-20 w-full" />
      <Skeleton className="h-40 w-full" />
    </LoadingRegion>
  );
}
