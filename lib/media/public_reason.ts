import { AppError, UnavailableError } from "../errors.ts";
import { log } from "../log.ts";
import { FfmpegError } from "./run.ts";

/**
 * The one door between an internal failure and the sentence a person reads
 * (a video's `status_reason`, a job's `error`, an upload's refusal). Our own
 * domain errors (ValidationError, LimitError, NotFoundError…) are written for
 * people and pass, tidied; everything else (FfmpegError, Deno.errors.*, a
 * TypeError, any text naming a path, an OS error or a stack) becomes a
 * generic sentence for its family, and the detail goes to the log.
 */
export function publicReason(err: unknown, context: Record<string, unknown> = {}): string {
  const text = err instanceof Error ? err.message : String(err ?? "");
  if (err instanceof AppError && !(err instanceof UnavailableError) && !looksInternal(text)) {
    return tidy(text);
  }
  if (!(err instanceof Error) && text && !looksInternal(text)) return tidy(text);
  log("warn", "internal failure shown to the user as a generic reason", { ...context, err });
  if (err instanceof FfmpegError || /^ffmpeg failed/.test(text)) {
    return "The video could not be converted: the encoder stopped on an error in the file or on our side.";
  }
  if (err instanceof UnavailableError) {
    return "Processing stopped because a service was unavailable; it will be tried again.";
  }
  return "Processing failed because of an internal error on our side.";
}

/**
 * An Error whose message is publicReason(err), keeping the original as its
 * cause: for code that must throw (a job handler) rather than return a reason.
 * Our domain errors are returned as they are, so their family still decides
 * whether a retry can help.
 */
export function publicError(err: unknown, context: Record<string, unknown> = {}): unknown {
  if (err instanceof AppError && !looksInternal(err.message)) return err;
  return new Error(publicReason(err, context), { cause: err });
}

// Absolute paths (/tmp/…, file:///…, C:\…), OS errors, errno names, stack frames, tool output.
const INTERNAL = [
  /(^|[\s'"(=:])\/[\w.@~+-]+\/[\w./@~+-]*/,
  /file:\/\//i,
  /\b[A-Za-z]:\\/,
  /\(os error \d+\)/i,
  /\bE[A-Z]{3,}\b/, // ENOENT, EACCES, EPIPE…
  /\n\s+at \S/, // a stack frame
  /^ffmpeg failed/, // FfmpegError's text once a queue has turned it into a string
];

function looksInternal(text: string): boolean {
  return INTERNAL.some((re) => re.test(text));
}

function tidy(text: string): string {
  let one = text.replace(/\s+/g, " ").trim();
  one = one.charAt(0).toUpperCase() + one.slice(1);
  return one.length > 400 ? `${one.slice(0, 397)}…` : one;
}
