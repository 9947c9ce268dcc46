import type { SendWebhook } from "../services/deliver-alert-notifications";

const WEBHOOK_TIMEOUT_MS = 10_000;

/** POSTs an Alertmanager webhook body; a non-2xx answer or no answer is a failure with its words. */
export const postWebhook: SendWebhook = async (receiver, payload) => {
  try {
    const res = await fetch(receiver, { method: "POST", headers: { "content-type": "application/json" }, body: payload, signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS) });
    if (res.ok) return { ok: true };
    return { ok: false, error: `HTTP ${res.status}: ${(await res.text()).slice(0, 300)}` };
  } catch (err) {
    return { ok: false, error: (err as Error).message };
  }
};
