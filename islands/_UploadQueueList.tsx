import { formatBytes } from "../lib/shared/bytes.ts";
import { type QueueItem, removable } from "./_upload_queue.ts";

/** What a person can do with one file of the queue. */
export interface QueueActions {
  pause(key: string): void;
  resume(key: string): void;
  remove(key: string): void;
}

function formatTime(seconds: number): string {
  const s = Math.ceil(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${s % 60} s` : `${Math.floor(m / 60)} h ${m % 60} min`;
}

/** The queue: each file with its own bar, figures and buttons. */
export function UploadQueueList(props: { items: QueueItem[]; actions: QueueActions }) {
  if (props.items.length === 0) return null;
  return (
    <ul class="upload-queue" aria-label="Files to upload">
      {props.items.map((i) => <QueueRow key={i.key} item={i} actions={props.actions} />)}
    </ul>
  );
}

function QueueRow(props: { item: QueueItem; actions: QueueActions }) {
  const { item: i, actions } = props;
  const pct = i.size ? Math.floor((i.sent / i.size) * 100) : 0;
  const left = i.bytesPerSecond > 0 ? (i.size - i.sent) / i.bytesPerSecond : 0;
  const facts = [
    `${formatBytes(i.sent)} of ${formatBytes(i.size)}`,
    ...(i.phase === "sending" && i.bytesPerSecond > 0
      ? [`${formatBytes(i.bytesPerSecond)}/s`, ...(left > 0 ? [`${formatTime(left)} left`] : [])]
      : []),
  ];
  const state = {
    waiting: "Waiting",
    sending: pct === 100 ? "Checking the file…" : `${pct}%`,
    paused: "Paused",
    finishing: "Checking the file…",
    done: "Uploaded",
    error: "Failed",
  }[i.phase];
  return (
    <li class={`upload-item upload-${i.phase}`}>
      <div class="upload-item-head">
        <span class="upload-item-name">{i.name}</span>
        <span class="upload-item-state">{state}</span>
      </div>
      {i.phase !== "error" && (
        <div class="upload-progress">
          <progress max={100} value={pct} aria-label={`Upload progress of ${i.name}`} />
          <p class="muted">{facts.join(" · ")}</p>
        </div>
      )}
      {i.message && (
        <p class={i.phase === "error" ? "form-error" : "muted"} role="alert">{i.message}</p>
      )}
      <div class="upload-item-actions">
        {i.phase === "sending" && (
          <button
            type="button"
            class="button secondary"
            onClick={() => actions.pause(i.key)}
          >
            Pause
          </button>
        )}
        {i.phase === "paused" && (
          <button
            type="button"
            class="button"
            onClick={() => actions.resume(i.key)}
          >
            Resume
          </button>
        )}
        {i.phase === "done" && i.videoId && (
          <a class="button secondary" href={`/studio/videos/${i.videoId}`}>Edit details</a>
        )}
        {removable(i) && i.phase !== "done" && (
          <button
            type="button"
            class="button secondary"
            onClick={() => actions.remove(i.key)}
          >
            {i.phase === "waiting" ? "Take off the list" : "Remove"}
          </button>
        )}
      </div>
    </li>
  );
}
