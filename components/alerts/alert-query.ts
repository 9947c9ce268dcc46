import { ALERT_VIEWS, type AlertView } from "@/server/domain/alert-inputs";

/** /alerts?view=acknowledged&cloud=3: the view and the cloud filter live in the URL. */
export interface AlertQuery {
  view: AlertView;
  cloudId?: number;
}

export function parseAlertQuery(params: URLSearchParams): AlertQuery {
  const view = ALERT_VIEWS.find((v) => v === params.get("view")) ?? "firing";
  const cloud = params.get("cloud");
  const cloudId = cloud !== null && /^\d{1,9}$/.test(cloud) && Number(cloud) > 0 ? Number(cloud) : undefined;
  return cloudId === undefined ? { view } : { view, cloudId };
}

export function buildAlertsHref(query: AlertQuery): string {
  const params = new URLSearchParams();
  if (query.view !== "firing") params.set("view", query.view);
  if (query.cloudId !== undefined) params.set("cloud", String(query.cloudId));
  const search = params.toString();
  return search ? `/alerts?${search}` : "/alerts";
}
