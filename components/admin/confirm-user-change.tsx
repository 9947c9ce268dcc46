"use client";

import { useRef } from "react";
import { BUTTON, DANGER_BUTTON, ModalDialog, PRIMARY_BUTTON } from "@/components/dialog/modal-dialog";
import type { Role } from "@/server/domain/vocabulary";

export type UserChange = { kind: "role"; userId: string; name: string; from: Role; to: Role } | { kind: "disabled"; userId: string; name: string; role: Role; disabled: boolean };

/** What a change does, in the words the dialog and its result use. */
export function describeUserChange(change: UserChange): { title: string; detail: string; confirm: string; done: string } {
  if (change.kind === "role") {
    return { title: `Change the role of ${change.name}?`, detail: `${change.name}: ${change.from} → ${change.to}`, confirm: `Make ${change.name} ${change.to}`, done: `${change.name} is now ${change.to} (was ${change.from}).` };
  }
  return change.disabled
    ? { title: `Disable ${change.name}?`, detail: `${change.name} (${change.role}) is signed out at once and cannot sign in.`, confirm: `Disable ${change.name}`, done: `Disabled ${change.name}.` }
    : { title: `Enable ${change.name}?`, detail: `${change.name} (${change.role}) can sign in again.`, confirm: `Enable ${change.name}`, done: `Enabled ${change.name}.` };
}

/** Asks before a role change or a disable applies; Cancel has the focus, so a stray Enter changes nothing. */
export function ConfirmUserChange({ change, pending, onConfirm, onCancel }: { change: UserChange; pending: boolean; onConfirm: () => void; onCancel: () => void }) {
  const cancelRef = useRef<HTMLButtonElement>(null);
  const words = describeUserChange(change);
  const risky = change.kind === "disabled" ? change.disabled : change.to === "admin";
  return (
    <ModalDialog title={words.title} description={words.detail} onClose={onCancel} initialFocusRef={cancelRef} width="w-[28rem]">
      <div className="flex justify-end gap-2">
        <button ref={cancelRef} type="button" onClick={onCancel} className={BUTTON}>
          Cancel
        </button>
        <button type="button" onClick={onConfirm} disabled={pending} className={risky ? DANGER_BUTTON : PRIMARY_BUTTON}>
          {pending ? "Applying…" : words.confirm}
        </button>
      </div>
    </ModalDialog>
  );
}
