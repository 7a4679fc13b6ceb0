import { createHmac, timingSafeEqual } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";
import { PermissionError } from "../lib/errors.ts";
import {
  cookieName,
  CSRF_COOKIE_BASE,
  CSRF_FIELD,
  CSRF_HEADER,
} from "../lib/shared/cookie_names.ts";
import { readFormBody } from "./form_body.ts";
import { readSessionCookies, secureCookies } from "./session_cookies.ts";

export { CSRF_FIELD, CSRF_HEADER };

/** The double-submit cookie's name for this request (readable by page scripts, not HttpOnly). */
export function csrfCookie(c: Context): string {
  return cookieName(CSRF_COOKIE_BASE, secureCookies(c));
}

const SAFE = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * CSRF protection for every state-changing request (pages and API alike):
 * 1. a request that says it comes from another site (Origin or
 *    Sec-Fetch-Site) is refused;
 * 2. a request carrying session cookies must also send the double-submit
 *    token: the `vf_csrf` cookie's value (`__Host-vf_csrf` where cookies are
 *    Secure), HMAC-signed by the server, in the X-CSRF-Token header or the
 *    `_csrf` form field.
 * Requests authenticated by an Authorization header are exempt (a browser
 * never adds one cross-site), as are prefixes authenticated by signed URLs.
 */
export function csrf(
  deps: { secret: string; publicUrl: string; exempt?: string[] },
): MiddlewareHandler {
  const exempt = deps.exempt ?? ["/_storage/"];
  const publicOrigin = new URL(deps.publicUrl).origin;
  return async (c, next) => {
    let issued: string | undefined;
    c.set("csrfToken", () => issued ??= issueToken(c, deps.secret));
    if (SAFE.has(c.req.method) || exempt.some((p) => c.req.path.startsWith(p))) {
      return await next();
    }
    if (c.req.header("authorization") !== undefined) return await next();
    const origin = c.req.header("origin");
    const fetchSite = c.req.header("sec-fetch-site");
    if (
      fetchSite === "cross-site" ||
      (origin !== undefined && origin !== publicOrigin && origin !== new URL(c.req.url).origin)
    ) {
      throw refused();
    }
    const session = readSessionCookies(c);
    if (session.access !== undefined || session.refresh !== undefined) {
      const cookie = getCookie(c, csrfCookie(c));
      const proof = c.req.header(CSRF_HEADER) ?? await formField(c);
      if (!cookie || !proof || !safeEqual(cookie, proof) || !validToken(cookie, deps.secret)) {
        throw refused();
      }
    }
    await next();
  };
}

/**
 * The CSRF token for this browser, for a page to put in its forms (hidden
 * `_csrf` field) or its `<meta name="csrf-token">`. Sets the cookie when the
 * browser has none yet. Empty when the csrf middleware is not installed.
 */
export function csrfToken(c: Context): string {
  return c.get("csrfToken")?.() ?? "";
}

function issueToken(c: Context, secret: string): string {
  const existing = getCookie(c, csrfCookie(c));
  if (existing && validToken(existing, secret)) return existing;
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  const nonce = btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_");
  const token = `${nonce}.${mac(nonce, secret)}`;
  setCookie(c, csrfCookie(c), token, {
    path: "/",
    sameSite: "Lax",
    secure: secureCookies(c),
    maxAge: 365 * 24 * 3600,
  });
  return token;
}

function validToken(token: string, secret: string): boolean {
  const [nonce, sig, extra] = token.split(".");
  return Boolean(nonce && sig && extra === undefined && safeEqual(sig, mac(nonce, secret)));
}

function mac(nonce: string, secret: string): string {
  return createHmac("sha256", secret).update(`csrf|${nonce}`).digest("base64url");
}

function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

async function formField(c: Context): Promise<string | undefined> {
  const type = c.req.header("content-type") ?? "";
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) return undefined;
  // The body is capped and timed by bodyLimit() (registered before this), so a
  // chunked form cannot grow past the route's limit while it is parsed here.
  // Hono caches the parsed body, so the route reads the same form again for free.
  const value = (await readFormBody(c))[CSRF_FIELD];
  return typeof value === "string" ? value : undefined;
}

function refused(): PermissionError {
  return new PermissionError(
    "This request could not be verified as coming from VideoFlow. Reload the page and try again.",
  );
}

declare module "hono" {
  interface ContextVariableMap {
    /** Returns (and if needed issues) the CSRF token; set by csrf(). */
    csrfToken: (() => string) | undefined;
  }
}
