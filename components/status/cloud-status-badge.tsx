import type { CloudStatus } from "@/server/domain/vocabulary";
import { CLOUD_STATUS_LOOK } from "./cloud-statuses";

export function CloudStatusBadge({ status }: { status: CloudStatus }) {
  const look = CLOUD_STATUS_LOOK[status];
  return (
    <span
      data-testid="cloud-status"
      className={`inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs font-semibold ring-1 ring-inset ${look.badge}`}
    >
      <look.icon aria-hidden="true" className="size-3.5" />
      {status}
    </span>
  );
}
