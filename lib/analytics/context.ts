/**
 * What a session is counted under: device class, browser, OS (bowser, from
 * the User-Agent), traffic source (from the page kind and the referrer) and
 * region (a CDN's country header when one is trusted, else the browser's time
 * zone). Pure functions; ingest (lib/analytics/ingest.ts) stores their result.
 */
import Bowser from "bowser";
import { cleanUserAgent } from "../auth/device_label.ts";

/** A session's dimensions as stored (every value short, printable and bounded). */
export interface SessionDims {
  device: string;
  browser: string;
  os: string;
  source: string;
  region: string;
}

const DEVICE_CLASSES = new Set(["desktop", "mobile", "tablet", "tv"]);

/** "desktop" | "mobile" | "tablet" | "tv" | "other", the browser's and OS's names. */
export function deviceOf(userAgent: string | undefined) {
  const ua = cleanUserAgent(userAgent);
  if (!ua) return { device: "other", browser: "Other", os: "Other" };
  const p = Bowser.parse(ua);
  const type = p.platform.type ?? "";
  return {
    device: DEVICE_CLASSES.has(type) ? type : "other",
    browser: tidy(p.browser.name) ?? "Other",
    os: tidy(p.os.name) ?? "Other",
  };
}

/** Internal pages a viewer comes from, by the referrer's first path segment. */
const INTERNAL_PAGES: Record<string, string> = {
  "": "home",
  v: "watch",
  search: "search",
  u: "channel",
  c: "channel",
  feed: "feed",
  playlists: "playlist",
  playlist: "playlist",
  history: "history",
  tags: "tag",
  t: "tag",
  categories: "category",
  studio: "studio",
};

/**
 * The traffic source: "embed" (the player in another site's page),
 * "direct" (no referrer), "internal:<page>" (from this site, e.g.
 * internal:search) or "external:<host>".
 */
export function sourceOf(
  page: "watch" | "embed",
  referrer: string,
  options: { publicOrigin: string },
): string {
  if (page === "embed") return "embed";
  let url: URL;
  try {
    url = new URL(referrer);
  } catch {
    return "direct";
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return "direct";
  if (url.origin === options.publicOrigin) {
    const first = url.pathname.split("/")[1] ?? "";
    return `internal:${INTERNAL_PAGES[first] ?? "other"}`;
  }
  return `external:${url.hostname.slice(0, 100)}`;
}

/**
 * The region: a two-letter country from a CDN header when it is trusted
 * (behind TRUST_PROXY), else the browser's IANA time zone ("Europe/Paris"),
 * else "unknown".
 */
export function regionOf(country: string | undefined, tz: string): string {
  if (country && /^[A-Z]{2}$/.test(country) && country !== "XX") return country;
  return /^[A-Za-z]+(?:\/[A-Za-z0-9_+-]+){1,2}$/.test(tz) && tz.length <= 40 ? tz : "unknown";
}

function tidy(s: string | undefined): string | undefined {
  const t = s?.replace(/[^\p{L}\p{N} ._-]/gu, "").trim().slice(0, 40);
  return t || undefined;
}
