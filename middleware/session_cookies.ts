import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { SessionTokens } from "../lib/auth/mod.ts";
import { ACCESS_COOKIE_BASE, cookieName, REFRESH_COOKIE_BASE } from "../lib/shared/cookie_names.ts";

/** The access cookie's name for this request (`__Host-vf_at` when Secure, else `vf_at`). */
export function accessCookie(c: Context): string {
  return cookieName(ACCESS_COOKIE_BASE, secureCookies(c));
}

/** The refresh cookie's name for this request (`__Host-vf_rt` when Secure, else `vf_rt`). */
export function refreshCookie(c: Context): string {
  return cookieName(REFRESH_COOKIE_BASE, secureCookies(c));
}

/**
 * Cookies are Secure except when the request is for localhost, where
 * development runs over plain HTTP.
 */
export function secureCookies(c: Context): boolean {
  const host = new URL(c.req.url).hostname;
  return !(host === "localhost" || host === "127.0.0.1" || host === "[::1]" ||
    host.endsWith(".localhost"));
}

/** Sets both session cookies: HttpOnly, SameSite=Lax, Secure except on localhost. */
export function setSessionCookies(c: Context, tokens: SessionTokens): void {
  const now = Math.floor(Date.now() / 1000);
  const base = {
    httpOnly: true,
    sameSite: "Lax",
    secure: secureCookies(c),
    path: "/",
  } as const;
  setCookie(c, accessCookie(c), tokens.accessToken, {
    ...base,
    maxAge: Math.max(0, tokens.accessExpiresAt - now),
  });
  setCookie(c, refreshCookie(c), tokens.refreshToken, {
    ...base,
    maxAge: Math.max(0, tokens.refreshExpiresAt - now),
  });
}

/** Removes both session cookies. */
export function clearSessionCookies(c: Context): void {
  const opts = { path: "/", secure: secureCookies(c) };
  deleteCookie(c, accessCookie(c), opts);
  deleteCookie(c, refreshCookie(c), opts);
}

/** The session cookies the request carries. */
export function readSessionCookies(c: Context): { access?: string; refresh?: string } {
  return { access: getCookie(c, accessCookie(c)), refresh: getCookie(c, refreshCookie(c)) };
}
