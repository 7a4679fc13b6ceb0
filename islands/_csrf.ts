/**
 * For islands that call the API with fetch: the CSRF header every
 * state-changing cookie-authenticated request must carry. The token is the
 * page's `<meta name="csrf-token">` (Layout renders it), which equals the
 * `vf_csrf` cookie.
 *
 *   await fetch("/api/v1/users/me", {
 *     method: "PATCH",
 *     headers: { "content-type": "application/json", ...csrfHeaders() },
 *     body: JSON.stringify({ bio }),
 *   });
 */
export function csrfHeaders(): Record<string, string> {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content;
  const cookie = /(?:^|;\s*)vf_csrf=([^;]+)/.exec(document.cookie)?.[1];
  const token = meta || (cookie ? decodeURIComponent(cookie) : "");
  return token ? { "X-CSRF-Token": token } : {};
}
