"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { ACTION_STATUS_LABELS, isFinishedActionStatus as isFinished } from "@/server/domain/vocabulary";
import { useTRPC } from "@/components/trpc/client";
import { describeOutcomeCount, listFailedVms } from "@/components/actions/launch-outcome";
import type { ActionDetail } from "@/server/services/get-action";
import type { ToastInput } from "./toast-provider";

export interface FollowedAction {
  actionId: number;
  /** "Launch of 3 VMs": what the completion toast calls it. */
  label: string;
}

const FOLLOW_MS = 2_000;
const GIVE_UP_AFTER_ERRORS = 5;
const TOAST_FAILED_VMS = 3;

/** Polls one action until it ends, then hands over the toast that says how it ended. Renders nothing. */
export function ActionFollower({ action, onFinished }: { action: FollowedAction; onFinished: (toast: ToastInput | null) => void }) {
  const trpc = useTRPC();
  const query = useQuery(trpc.actions.byId.queryOptions({ actionId: action.actionId }, { refetchInterval: FOLLOW_MS, retry: false }));
  const done = useRef(false);
  const data = query.data;

  useEffect(() => {
    if (done.current) return;
    if (query.errorUpdateCount >= GIVE_UP_AFTER_ERRORS || (query.error && query.error.data?.code === "NOT_FOUND")) {
      done.current = true;
      onFinished(null);
      return;
    }
    if (!data || !isFinished(data.status)) return;
    done.current = true;
    const link = { href: `/actions/${action.actionId}`, label: "details" };
    const progress = describeOutcomeCount(data.kind, data.succeeded, data.total);
    if (data.status === "succeeded") onFinished({ tone: "success", title: `${action.label} succeeded`, link });
    else if (data.status === "failed" || data.status === "partly_failed") {
      onFinished({ tone: "error", title: `${action.label} ${ACTION_STATUS_LABELS[data.status]} (${progress})`, body: describeFailures(data), link, sticky: true });
    } else onFinished({ tone: "info", title: `${action.label} was cancelled (${progress})`, link });
  }, [data, query.error, query.errorUpdateCount, action, onFinished]);

  return null;
}

/** A launch's failed VMs in the provider's words (the first few); a drain's or destroy's summary. */
function describeFailures(data: ActionDetail): string | undefined {
  if (data.kind !== "launch") return data.error ?? undefined;
  const { lines, more } = listFailedVms(data.items, TOAST_FAILED_VMS);
  return [...lines, ...(more > 0 ? [`and ${more} more on the action's page`] : [])].join(" · ") || (data.error ?? undefined);
}
