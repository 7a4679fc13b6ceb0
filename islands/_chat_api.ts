import { csrfHeaders } from "./_csrf.ts";

/**
 * Calls the chat's JSON API (moderation, settings) with the CSRF header;
 * resolves to the parsed body, or throws an Error with the server's message.
 */
export async function chatApi(
  path: string,
  init: { method: string; json?: unknown },
): Promise<unknown> {
  const res = await fetch(path, {
    method: init.method,
    headers: {
      ...csrfHeaders(),
      ...(init.json !== undefined ? { "content-type": "application/json" } : {}),
    },
    body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
  });
  const body = res.status === 204 ? {} : await res.json().catch(() => ({}));
  if (!res.ok) throw new Error(body?.error?.message ?? "That did not work.");
  return body;
}
