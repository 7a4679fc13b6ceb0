import { sign, verify } from "../signing.ts";
import { mediaPrefix } from "../storage/layout.ts";

/**
 * Playback tokens: an HMAC over a video's media prefix, an expiry and
 * optionally a viewer id with the viewer's token_version. One token opens
 * every playlist and segment of that video and nothing else. Encoded as
 * `exp.viewer.sig` for a URL query, the viewer as `id_version`. The version
 * lets the media edge refuse a token at once when the viewer's role, access
 * group or ban changed (token_version was bumped), like their access tokens;
 * a viewer without a version is never taken for anyone (tokens of viewers
 * must carry it).
 */
export function signPlaybackToken(
  secret: string,
  videoId: string,
  options: { expiresIn: number; viewerId?: string; tokenVersion?: number; now?: number },
): { token: string; expiresAt: Date } {
  const now = options.now ?? Math.floor(Date.now() / 1000);
  const exp = now + options.expiresIn;
  const version = options.tokenVersion === undefined ? "" : `_${options.tokenVersion}`;
  const viewer = options.viewerId ? `${options.viewerId}${version}` : "";
  const s = sign(secret, "media", { fields: [mediaPrefix(videoId), viewer], exp });
  return { token: `${exp}.${viewer}.${s.sig}`, expiresAt: new Date(exp * 1000) };
}

const TOKEN = /^(\d{1,12})\.([\w-]{0,64})\.([\w-]{43})$/;

/**
 * The viewer a playback token was issued to, with their token_version then
 * (undefined when anonymous, or issued without a version). Read it only from
 * a token that verifyPlaybackToken() accepted.
 */
export function playbackTokenViewer(
  token: string,
): { id: string; tokenVersion: number } | undefined {
  const m = /^([0-9a-f-]{36})_(\d{1,9})$/.exec(TOKEN.exec(token)?.[2] ?? "");
  return m ? { id: m[1], tokenVersion: Number(m[2]) } : undefined;
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
