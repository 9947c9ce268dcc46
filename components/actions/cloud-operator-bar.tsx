"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { BUTTON, PRIMARY_BUTTON } from "@/components/dialog/modal-dialog";
import { useToast } from "@/components/toast/toast-provider";
import { useTRPC } from "@/components/trpc/client";
import { describeLaunchBlock } from "./launch-form";
import { LaunchDialog } from "./launch-dialog";
import { ReasonDialog } from "./reason-dialog";
import { useCan } from "@/components/auth/use-session";

type Open = "launch" | "pause" | "enable" | null;

/**
 * The operator's controls in a cloud's header: Launch, Pause/Resume, Disable/Enable.
 * Hidden from roles that may not use them; the server refuses them anyway.
 */
export function CloudOperatorBar({ cloudId }: { cloudId: number }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const canLaunch = useCan("vms.launch");
  const canPause = useCan("clouds.pause");
  const canDisable = useCan("clouds.disable");
  const detail = useQuery(trpc.clouds.byId.queryOptions({ id: cloudId }));
  const [open, setOpen] = useState<Open>(null);
  const setPaused = useMutation(trpc.cloudControls.setPaused.mutationOptions());
  const setEnabled = useMutation(trpc.cloudControls.setEnabled.mutationOptions());

  const cloud = detail.data?.cloud;
  if (!cloud || !(canLaunch || canPause || canDisable)) return null;
  const blocked = describeLaunchBlock(cloud);
  const blockedId = `launch-blocked-${cloudId}`;

  function refreshCloud() {
    void queryClient.invalidateQueries({ queryKey: trpc.clouds.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.overview.pathKey() });
  }

  function close() {
    setOpen(null);
    setPaused.reset();
    setEnabled.reset();
  }

  return (
    <div role="group" aria-label={`Operator controls for ${cloud.name}`} className="mt-2 flex flex-wrap items-center gap-2">
      {canLaunch && (
        <>
          <button
            type="button"
            className={`${PRIMARY_BUTTON} aria-disabled:cursor-not-allowed aria-disabled:opacity-50`}
            // aria-disabled rather than disabled: it stays focusable, so the reason is heard.
            onClick={() => !blocked && setOpen("launch")}
            aria-disabled={blocked ? true : undefined}
            aria-describedby={blocked ? blockedId : undefined}
            title={blocked ?? `Launch VMs on ${cloud.name}`}
          >
            <span aria-hidden="true">+</span> Launch VMs
          </button>
          {blocked && (
            <span id={blockedId} className="sr-only">
              {blocked}
            </span>
          )}
        </>
      )}
      {canPause && (
        <button type="button" className={BUTTON} onClick={() => setOpen("pause")} aria-label={cloud.paused ? `Resume launches on ${cloud.name}` : `Pause launches on ${cloud.name}`}>
          <span aria-hidden="true">{cloud.paused ? "▶" : "‖"}</span> {cloud.paused ? "Resume" : "Pause"}
        </button>
      )}
      {canDisable && (
        <button type="button" className={BUTTON} onClick={() => setOpen("enable")} aria-label={cloud.enabled ? `Disable ${cloud.name}` : `Enable ${cloud.name}`}>
          <span aria-hidden="true">{cloud.enabled ? "⊘" : "✔"}</span> {cloud.enabled ? "Disable" : "Enable"}
        </button>
      )}

      {open === "launch" && <LaunchDialog cloudId={cloudId} onClose={close} />}
      {open === "pause" && (
        <ReasonDialog
          title={cloud.paused ? `Resume launches on ${cloud.name}` : `Pause ${cloud.name}`}
          explanation={
            cloud.paused
              ? "Launches are accepted again."
              : "No new launches are accepted; polling, drains and destroys go on. VMs already running are not touched."
          }
          confirmLabel={cloud.paused ? "Resume" : "Pause"}
          pending={setPaused.isPending}
          error={setPaused.error}
          onClose={close}
          onConfirm={(reason) =>
            setPaused.mutate(
              { cloudId, paused: !cloud.paused, reason },
              {
                onSuccess() {
                  toast.push({ tone: "success", title: `${cloud.name} ${cloud.paused ? "resumed" : "paused"}`, body: reason });
                  refreshCloud();
                  close();
                },
              },
            )
          }
        />
      )}
      {open === "enable" && (
        <ReasonDialog
          title={cloud.enabled ? `Disable ${cloud.name}` : `Enable ${cloud.name}`}
          explanation={
            cloud.enabled
              ? "A disabled cloud takes no launches and is shown as disabled everywhere. Its VMs keep running."
              : "The cloud takes launches again (unless it is also paused)."
          }
          confirmLabel={cloud.enabled ? "Disable" : "Enable"}
          danger={cloud.enabled}
          pending={setEnabled.isPending}
          error={setEnabled.error}
          onClose={close}
          onConfirm={(reason) =>
            setEnabled.mutate(
              { cloudId, enabled: !cloud.enabled, reason },
              {
                onSuccess() {
                  toast.push({ tone: "success", title: `${cloud.name} ${cloud.enabled ? "disabled" : "enabled"}`, body: reason });
                  refreshCloud();
                  close();
                },
              },
            )
          }
        />
      )}
    </div>
  );
}
