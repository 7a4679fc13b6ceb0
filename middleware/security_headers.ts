import { createHash } from "node:crypto";
import type { MiddlewareHandler } from "hono";

/** What the policy must allow beyond this origin. */
export interface SecurityHeaderOptions {
  publicUrl: string;
  /** Where media (playlists, segments, posters) come from, if not this origin (a CDN). */
  mediaBaseUrl?: string;
  /** The exact text of every inline script the pages carry (allowed by hash). */
  inlineScripts?: string[];
}

/**
 * Security headers on every response (a route's own value wins):
 * - Content-Security-Policy: scripts only from this origin plus the inline
 *   scripts listed by hash (islands are external modules and take their props
 *   from data attributes, so they need no inline script); media, images and
 *   fetches also from the media origin; MSE `blob:` media and hls.js's
 *   `blob:` worker; style attributes (the seek bar positions with them) but
 *   no inline style sheets; `frame-ancestors 'none'` unless a route opted out
 *   with frameAncestors();
 * - X-Content-Type-Options nosniff, Referrer-Policy
 *   strict-origin-when-cross-origin, X-Frame-Options DENY (older browsers);
 * - Strict-Transport-Security when PUBLIC_URL is https.
 * Media answers get the same headers: they do not affect hls.js or a CDN.
 */
export function securityHeaders(options: SecurityHeaderOptions): MiddlewareHandler {
  const hashes = (options.inlineScripts ?? []).map((s) =>
    `'sha256-${createHash("sha256").update(s).digest("base64")}'`
  );
  const media = options.mediaBaseUrl ? ` ${new URL(options.mediaBaseUrl).origin}` : "";
  const policy = (ancestors: string) =>
    [
      "default-src 'self'",
      `script-src 'self' ${hashes.join(" ")}`.trim(),
      "style-src 'self'",
      "style-src-attr 'unsafe-inline'",
      `img-src 'self' data: blob:${media}`,
      `media-src 'self' blob:${media}`,
      `connect-src 'self'${media}`,
      "worker-src 'self' blob:",
      "font-src 'self'",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'self'",
      `frame-ancestors ${ancestors}`,
    ].join("; ");
  const locked = policy("'none'");
  const hsts = new URL(options.publicUrl).protocol === "https:";
  return async (c, next) => {
    await next();
    const ancestors = c.get("frameAncestors");
    const h = c.res.headers;
    const set = (name: string, value: string) => {
      if (!h.has(name)) h.set(name, value);
    };
    set("Content-Security-Policy", ancestors ? policy(ancestors) : locked);
    if (!ancestors) set("X-Frame-Options", "DENY");
    set("X-Content-Type-Options", "nosniff");
    set("Referrer-Policy", "strict-origin-when-cross-origin");
    if (hsts) set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
  };
}

/**
 * Lets a route be framed by `sources` (a CSP frame-ancestors source list,
 * e.g. `*` for an embeddable player) instead of by nobody.
 */
export function frameAncestors(sources: string): MiddlewareHandler {
  return async (c, next) => {
    c.set("frameAncestors", sources);
    await next();
  };
}

declare module "hono" {
  interface ContextVariableMap {
    /** Set by frameAncestors(): who may frame this response. */
    frameAncestors: string | undefined;
  }
}
