"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useRef } from "react";
import { isFinished } from "@/components/actions/action-statuses";
import { useTRPC } from "@/components/trpc/client";
import type { ToastInput } from "./toast-provider";

export interface FollowedAction {
  actionId: number;
  /** "Launch of 3 VMs": what the completion toast calls it. */
  label: string;
}

const FOLLOW_MS = 2_000;
const GIVE_UP_AFTER_ERRORS = 5;

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
    const progress = `${data.succeeded} of ${data.total} ${data.total === 1 ? "VM" : "VMs"} done`;
    if (data.status === "succeeded") onFinished({ tone: "success", title: `${action.label} succeeded`, link });
    else if (data.status === "failed") onFinished({ tone: "error", title: `${action.label} failed (${progress})`, body: data.error ?? undefined, link, sticky: true });
    else onFinished({ tone: "info", title: `${action.label} was cancelled (${progress})`, link });
  }, [data, query.error, query.errorUpdateCount, action, onFinished]);

  return null;
}
