import type { Context } from "hono";
import { networkKey } from "../lib/rate_limit.ts";
import { clientIp } from "../middleware/rate_limit.ts";

/**
 * Who counts as one viewer for views: the account when signed in, otherwise a
 * hash of the network (IPv4 address or IPv6 /64; never stored in clear). Not
 * the User-Agent: a client can send a new one with every request.
 */
export async function viewerKey(c: Context, options: { trustProxy: boolean }): Promise<string> {
  const user = c.get("user");
  if (user) return `u:${user.id}`;
  const raw = viewerNetwork(c, options);
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", new TextEncoder().encode(raw)),
  );
  return `a:${Array.from(digest.slice(0, 12), (b) => b.toString(16).padStart(2, "0")).join("")}`;
}

/** The viewer's network (IPv4 address or IPv6 /64), for the per-network cap on views. */
export function viewerNetwork(c: Context, options: { trustProxy: boolean }): string {
  return networkKey(clientIp(c, options));
}
