import { sign, verify } from "../signing.ts";
import { mediaPrefix } from "../storage/layout.ts";

/**
 * Playback tokens: an HMAC over a video's media prefix, an expiry and
 * optionally a viewer id. One token opens every playlist and segment of that
 * video and nothing else. Encoded as `exp.viewer.sig` for a URL query.
 */
export function signPlaybackToken(
  secret: string,
  videoId: string,
  options: { expiresIn: number; viewerId?: string; now?: number },
): { token: string; expiresAt: Date } {
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const exp = now + options.expiresIn;
  const viewer = options.viewerId ?? "";
  const s = sign(secret, "media", { fields: [mediaPrefix(videoId), viewer], exp });
  return { token: `${exp}.${viewer}.${s.sig}`, expiresAt: new Date(exp * 1000) };
}

const TOKEN = /^(\d{1,12})\.([\w-]{0,64})\.([\w-]{43})$/;

/**
 * The viewer id a playback token was issued to ("" when anonymous). Read it
 * only from a token that verifyPlaybackToken() accepted.
 */
export function playbackTokenViewer(token: string): string {
  return TOKEN.exec(token)?.[2] ?? "";
}

/** Checks a playback token for `videoId`: "ok", "expired" or "invalid". */
export function verifyPlaybackToken(
  secret: string,
  videoId: string,
  options: { token: string | undefined; now?: number },
): "ok" | "expired" | "invalid" {
  const m = TOKEN.exec(options.token ?? "");
  if (!m) return "invalid";
  return verify(secret, "media", {
    fields: [mediaPrefix(videoId), m[2]],
    exp: Number(m[1]),
    sig: m[3],
    now: options.now,
  });
}
