import { formatBytes } from "../lib/shared/bytes.ts";
import type { PendingFile } from "./_upload_queue.ts";

/**
 * Uploads the server holds unfinished (after a reload, another day): pick the
 * same file again to carry on from the parts already stored, or discard.
 */
export function PendingUploads(
  props: {
    pending: PendingFile[];
    highlight?: string;
    onPick(p: PendingFile, file: File | undefined): void;
    onDiscard(p: PendingFile): void;
    errors: Record<string, string>;
  },
) {
  if (props.pending.length === 0) return null;
  return (
    <section class="upload-pending" aria-labelledby="upload-pending-title">
      <h2 id="upload-pending-title">Unfinished uploads</h2>
      <ul>
        {props.pending.map((p) => {
          const pct = p.size ? Math.floor((p.received / p.size) * 100) : 0;
          const id = `resume-${p.uploadId}`;
          return (
            <li key={p.uploadId} class={p.uploadId === props.highlight ? "highlight" : undefined}>
              <span class="upload-item-name">{p.filename || "Untitled file"}</span>
              <span class="muted">
                {pct}% sent ({formatBytes(p.received)} of {formatBytes(p.size)})
              </span>
              <span class="upload-item-actions">
                <label class="button secondary picker" for={id}>
                  Resume: pick the file again
                </label>
                <input
                  id={id}
                  class="visually-hidden"
                  type="file"
                  accept="video/mp4,video/webm,video/quicktime,.mp4,.m4v,.webm,.mov"
                  onChange={(e) => {
                    const input = e.target as HTMLInputElement;
                    props.onPick(p, input.files?.[0]);
                    input.value = "";
                  }}
                />
                <button
                  type="button"
                  class="button secondary danger-text"
                  onClick={() =>
                    props.onDiscard(p)}
                >
                  Discard
                </button>
              </span>
              {props.errors[p.uploadId] && (
                <p class="form-error" role="alert">{props.errors[p.uploadId]}</p>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
