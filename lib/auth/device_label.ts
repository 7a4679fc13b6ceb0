import Bowser from "bowser";

/** The longest User-Agent kept; anything longer is cut (it is only shown, never trusted). */
export const MAX_USER_AGENT = 300;

// Control characters, and bidi overrides/isolates that could reorder the page's text.
const UNSHOWABLE = /[\p{Cc}\u202A-\u202E\u2066-\u2069]/gu;

/**
 * A User-Agent as it may be stored: control characters (and the bidi
 * overrides that could reorder the page's text) removed, at most
 * MAX_USER_AGENT characters; undefined when nothing is left.
 */
export function cleanUserAgent(ua: string | undefined): string | undefined {
  if (!ua) return undefined;
  const clean = ua.slice(0, MAX_USER_AGENT * 2).replace(UNSHOWABLE, "").trim()
    .slice(0, MAX_USER_AGENT);
  return clean || undefined;
}

/** What a person recognises a device by: "Chrome 156 on Linux", "Safari on iOS", or a fallback. */
export function describeDevice(ua: string | null | undefined): string {
  const clean = cleanUserAgent(ua ?? undefined);
  if (!clean) return "Unknown device";
  const parsed = Bowser.parse(clean);
  const browser = parsed.browser.name?.slice(0, 40);
  const major = parsed.browser.version?.split(".")[0]?.slice(0, 6);
  const os = parsed.os.name?.slice(0, 40);
  if (!browser && !os) return clean.length > 60 ? `${clean.slice(0, 57)}…` : clean;
  const name = browser ? `${browser}${major ? ` ${major}` : ""}` : "Unknown browser";
  return os ? `${name} on ${os}` : name;
}

/** An address worth showing: an IPv4 or IPv6 literal, else undefined (e.g. "unknown"). */
export function cleanIp(ip: string | undefined): string | undefined {
  return ip && /^[0-9A-Fa-f:.]{2,45}$/.test(ip) && /[.:]/.test(ip) ? ip : undefined;
}
