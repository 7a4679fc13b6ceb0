import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { SessionTokens } from "../lib/auth/mod.ts";

/** The access JWT (15 minutes). */
export const ACCESS_COOKIE = "vf_at";
/** The rotating refresh token (7 days). */
export const REFRESH_COOKIE = "vf_rt";

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
  setCookie(c, ACCESS_COOKIE, tokens.accessToken, {
    ...base,
    maxAge: Math.max(0, tokens.accessExpiresAt - now),
  });
  setCookie(c, REFRESH_COOKIE, tokens.refreshToken, {
    ...base,
    maxAge: Math.max(0, tokens.refreshExpiresAt - now),
  });
}

/** Removes both session cookies. */
export function clearSessionCookies(c: Context): void {
  const opts = { path: "/", secure: secureCookies(c) };
  deleteCookie(c, ACCESS_COOKIE, opts);
  deleteCookie(c, REFRESH_COOKIE, opts);
}

/** The session cookies the request carries. */
export function readSessionCookies(c: Context): { access?: string; refresh?: string } {
  return { access: getCookie(c, ACCESS_COOKIE), refresh: getCookie(c, REFRESH_COOKIE) };
}
