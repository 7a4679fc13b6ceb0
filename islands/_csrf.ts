import { cookieName, CSRF_COOKIE_BASE, CSRF_HEADER } from "../lib/shared/cookie_names.ts";

/**
 * For islands that call the API with fetch: the CSRF header every
 * state-changing cookie-authenticated request must carry. The token is the
 * page's `<meta name="csrf-token">` (Layout renders it), which equals the
 * CSRF cookie (`__Host-vf_csrf` over HTTPS, `vf_csrf` on plain-HTTP localhost).
 *
 *   await fetch("/api/v1/users/me", {
 *     method: "PATCH",
 *     headers: { "content-type": "application/json", ...csrfHeaders() },
 *     body: JSON.stringify({ bio }),
 *   });
 */
export function csrfHeaders(): Record<string, string> {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="csrf-token"]')?.content;
  // Whichever name the server chose (it decides Secure by host, not by scheme).
  const jar = document.cookie.split(/;\s*/);
  const cookie = [true, false].map((secure) => `${cookieName(CSRF_COOKIE_BASE, secure)}=`)
    .map((prefix) => jar.find((c) => c.startsWith(prefix))?.slice(prefix.length))
    .find((v) => v);
  const token = meta || (cookie ? decodeURIComponent(cookie) : "");
  return token ? { [CSRF_HEADER]: token } : {};
}
