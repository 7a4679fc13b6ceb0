/**
 * Cookie names, shared by the server (session_cookies.ts, csrf.ts) and the
 * islands (islands/_csrf.ts), so this file imports nothing.
 *
 * Over HTTPS every cookie gets the `__Host-` prefix: the browser then accepts
 * it only with Secure, Path=/ and no Domain, so a sibling subdomain or a
 * plain-HTTP page cannot plant or overwrite it. On plain-HTTP localhost
 * (development) cookies cannot be Secure, so the bare names are used.
 */

/** The access JWT (15 minutes). */
export const ACCESS_COOKIE_BASE = "vf_at";
/** The rotating refresh token (7 days). */
export const REFRESH_COOKIE_BASE = "vf_rt";
/** The CSRF double-submit token (readable by page scripts). */
export const CSRF_COOKIE_BASE = "vf_csrf";

/** The name a cookie goes by: `__Host-` + base when Secure, else the base. */
export function cookieName(base: string, secure: boolean): string {
  return secure ? `__Host-${base}` : base;
}

/** The request header that carries the CSRF token on fetch() writes. */
export const CSRF_HEADER = "X-CSRF-Token";
/** The form field that carries the CSRF token on HTML form posts. */
export const CSRF_FIELD = "_csrf";
