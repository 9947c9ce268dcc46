"use client";

import { useRef, useState } from "react";
import { FormField, RequestError } from "@/components/dialog/form-field";
import { BUTTON, DANGER_BUTTON, INPUT, ModalDialog, PRIMARY_BUTTON } from "@/components/dialog/modal-dialog";

const MIN_REASON = 3;
const MAX_REASON = 500;

export function describeReasonProblem(reason: string): string | null {
  const text = reason.trim();
  if (text.length < MIN_REASON) return `Say why (at least ${MIN_REASON} characters): it is shown on the cloud's card and in the audit log`;
  if (text.length > MAX_REASON) return `At most ${MAX_REASON} characters`;
  return null;
}

/** A confirmation that needs a reason (pause, disable, and their undoing). Focus starts on the reason. */
export function ReasonDialog({
  title,
  explanation,
  confirmLabel,
  danger = false,
  pending,
  error,
  onConfirm,
  onClose,
}: {
  title: string;
  explanation: string;
  confirmLabel: string;
  danger?: boolean;
  pending: boolean;
  error: { message: string } | null;
  onConfirm: (reason: string) => void;
  onClose: () => void;
}) {
  const [reason, setReason] = useState("");
  const [submitted, setSubmitted] = useState(false);
  const reasonRef = useRef<HTMLTextAreaElement>(null);
  const problem = describeReasonProblem(reason);

  return (
    <ModalDialog title={title} description={explanation} onClose={onClose} initialFocusRef={reasonRef}>
      <form
        noValidate
        className="flex flex-col gap-3"
        onSubmit={(e) => {
          e.preventDefault();
          setSubmitted(true);
          if (!problem && !pending) onConfirm(reason.trim());
        }}
      >
        <FormField label="Reason" error={submitted ? (problem ?? undefined) : undefined} hint="Shown on the cloud's card and in the audit log.">
          {(props) => (
            <textarea
              {...props}
              ref={reasonRef}
              required
              rows={3}
              maxLength={MAX_REASON + 50}
              className={INPUT}
              value={reason}
              onChange={(e) => setReason(e.target.value)}
            />
          )}
        </FormField>
        <RequestError error={error} />
        <div className="flex justify-end gap-2">
          <button type="button" className={BUTTON} onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className={danger ? DANGER_BUTTON : PRIMARY_BUTTON} disabled={pending}>
            {pending ? "Saving…" : confirmLabel}
          </button>
        </div>
      </form>
    </ModalDialog>
  );
}
