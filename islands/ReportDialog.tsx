import { useEffect, useRef, useState } from "preact/hooks";
import { defineIsland } from "../lib/islands/define.tsx";
import {
  REASON_LABELS,
  REPORT_EVENT,
  REPORT_REASONS,
  type ReportTarget,
} from "../lib/shared/reports.ts";
import { csrfHeaders } from "./_csrf.ts";

/**
 * The page's one report dialog: any Report button (a video, a comment, a
 * user) opens it through islands/_report.ts. A native modal <dialog> keeps
 * the focus inside and closes with Escape; the focus goes back to the button.
 */
function ReportDialog() {
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const [target, setTarget] = useState<ReportTarget | null>(null);
  const [reason, setReason] = useState("");
  const [details, setDetails] = useState("");
  const [state, setState] = useState<{ sending?: boolean; error?: string; done?: string }>({});

  useEffect(() => {
    const open = (e: Event) => {
      const { target: t, opener: o } = (e as CustomEvent).detail;
      opener.current = o ?? (document.activeElement as HTMLElement | null);
      setTarget(t);
      setReason("");
      setDetails("");
      setState({});
      dialog.current?.showModal();
    };
    document.addEventListener(REPORT_EVENT, open);
    return () => document.removeEventListener(REPORT_EVENT, open);
  }, []);

  async function send(e: Event) {
    e.preventDefault();
    if (!target) return;
    if (!reason) return setState({ error: "Choose a reason." });
    setState({ sending: true });
    const res = await fetch("/api/v1/reports", {
      method: "POST",
      headers: { "content-type": "application/json", ...csrfHeaders() },
      body: JSON.stringify({ targetKind: target.kind, targetId: target.id, reason, details }),
    }).catch(() => undefined);
    if (res?.ok) {
      const { created } = await res.json();
      return setState({
        done: created
          ? "Thank you. A moderator will look at it."
          : "You have already reported this; a moderator will look at it.",
      });
    }
    const body = await res?.json().catch(() => ({}));
    setState({ error: body?.error?.message ?? "The report could not be sent. Try again." });
  }

  return (
    <dialog
      ref={dialog}
      class="report-dialog"
      aria-labelledby="report-title"
      onClose={() => opener.current?.focus()}
    >
      <form method="dialog" onSubmit={send}>
        <h2 id="report-title">Report {target?.label ?? ""}</h2>
        {state.done ? <p role="status">{state.done}</p> : (
          <>
            <fieldset>
              <legend>What is wrong with it?</legend>
              {REPORT_REASONS.map((r) => (
                <label key={r} class="check">
                  <input
                    type="radio"
                    name="reason"
                    value={r}
                    checked={reason === r}
                    onChange={() => setReason(r)}
                  />{" "}
                  {REASON_LABELS[r]}
                </label>
              ))}
            </fieldset>
            <label class="field">
              <span>Anything a moderator should know (optional)</span>
              <textarea
                maxLength={1000}
                rows={3}
                value={details}
                onInput={(e) => setDetails((e.target as HTMLTextAreaElement).value)}
              />
            </label>
            {state.error && <p class="form-error" role="alert">{state.error}</p>}
          </>
        )}
        <div class="actions">
          {!state.done && (
            <button class="button" type="submit" disabled={state.sending}>Send report</button>
          )}
          <button
            class="button secondary"
            type="button"
            onClick={() => dialog.current?.close()}
          >
            {state.done ? "Close" : "Cancel"}
          </button>
        </div>
      </form>
    </dialog>
  );
}

export default defineIsland("ReportDialog", ReportDialog);
