/**
 * The upload queue's pure rules, apart from the Uploader's UI (and tested
 * apart from it): which file goes next, what a picked file must be to resume
 * an unfinished upload, and what the browser can check before sending.
 */
import { formatBytes } from "../lib/shared/bytes.ts";

/** Where a file of the queue is. */
export type QueuePhase = "waiting" | "sending" | "paused" | "finishing" | "done" | "error";

/** One file of the queue (its UploadSession is kept by the island, by `key`). */
export interface QueueItem {
  key: string;
  name: string;
  size: number;
  phase: QueuePhase;
  sent: number;
  bytesPerSecond: number;
  message?: string;
  videoId?: string;
  /** The unfinished upload this file resumes, if any. */
  resumeId?: string;
}

/** An upload the server holds unfinished (the page lists them after a reload). */
export interface PendingFile {
  uploadId: string;
  videoId: string;
  filename: string;
  size: number;
  received: number;
}

const TYPES: Record<string, string> = {
  mp4: "video/mp4",
  m4v: "video/mp4",
  webm: "video/webm",
  mov: "video/quicktime",
};

/** The declared type for a file: its own if accepted, else from its extension; undefined if neither. */
export function videoType(file: { name: string; type: string }): string | undefined {
  if (Object.values(TYPES).includes(file.type)) return file.type;
  return TYPES[file.name.split(".").pop()?.toLowerCase() ?? ""];
}

/** Why the browser will not send `file` (type, emptiness, size), or undefined. */
export function refusal(file: { name: string; type: string; size: number }, maxBytes: number) {
  if (!videoType(file)) return "Choose an MP4, WebM or MOV video.";
  if (file.size === 0) return "That file is empty.";
  if (file.size > maxBytes) return `That file is too large: the limit is ${formatBytes(maxBytes)}.`;
  return undefined;
}

/**
 * Whether a picked file may resume `pending`: the same name and the same size
 * (the parts already stored are skipped, so another file of that size would
 * be assembled from two). Undefined if it may; otherwise why not.
 */
export function resumeMismatch(
  file: { name: string; size: number },
  pending: PendingFile,
): string | undefined {
  if (file.name === pending.filename && file.size === pending.size) return undefined;
  return `That is not the same file: pick “${pending.filename}” (${formatBytes(pending.size)}).`;
}

/** The next file to send: none while one is being sent (one at a time), else the first waiting. */
export function nextToSend(items: readonly QueueItem[]): QueueItem | undefined {
  if (items.some((i) => i.phase === "sending" || i.phase === "finishing")) return undefined;
  return items.find((i) => i.phase === "waiting");
}

/** Whether an item can be taken off the list (not while its bytes are moving). */
export function removable(item: QueueItem): boolean {
  return item.phase !== "sending" && item.phase !== "finishing";
}
