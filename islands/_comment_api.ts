import { useState } from "preact/hooks";
import type { CommentView } from "../lib/shared/comments.ts";
import { csrfHeaders } from "./_csrf.ts";
import { requestReport } from "./_report.ts";

/**
 * Calls the comments API from the Comments island: JSON in and out, the CSRF
 * header on writes; a failure throws an Error carrying the API's message.
 */
export async function commentApi<T>(
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<T> {
  const method = init.method ?? "GET";
  const res = await fetch(path, {
    method,
    headers: method === "GET"
      ? { accept: "application/json" }
      : { "content-type": "application/json", ...csrfHeaders() },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => ({}));
  if (!res.ok) {
    const fields = data?.error?.details?.fields as { message: string }[] | undefined;
    throw new Error(fields?.[0]?.message ?? data?.error?.message ?? `Failed (${res.status}).`);
  }
  return data as T;
}

/** The "Report" action on a comment: the page's report dialog (islands/ReportDialog.tsx). */
export const reportComment = (comment: CommentView): void =>
  requestReport({ kind: "comment", id: comment.id, label: `${comment.author.name}'s comment` });

/** "Nov 22, 2026", the same on the server and in the browser (UTC). */
export function commentDate(iso: string): string {
  return new Intl.DateTimeFormat("en", { dateStyle: "medium", timeZone: "UTC" })
    .format(new Date(iso));
}

/**
 * An error message and a runner for actions that call the API: the message
 * is cleared when an action starts and set to the Error's when it fails.
 */
export function useApiAction(): [string, (fn: () => Promise<void>) => Promise<void>] {
  const [error, setError] = useState("");
  async function act(fn: () => Promise<void>) {
    setError("");
    try {
      await fn();
    } catch (err) {
      setError((err as Error).message);
    }
  }
  return [error, act];
}
