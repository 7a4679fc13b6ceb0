import { type Context, Hono } from "hono";
import { z } from "zod";
import { NotFoundError, PermissionError } from "../lib/errors.ts";
import { addQueryToPlaylist, isEndedPlaylist } from "../lib/media/playlist.ts";
import { playbackTokenViewer, verifyPlaybackToken } from "../lib/media/tokens.ts";
import { MEDIA_PATH_PATTERN, mediaKey } from "../lib/storage/layout.ts";
import { parseRange } from "../lib/storage/range.ts";
import type { Storage } from "../lib/storage/mod.ts";
import { isProcessed } from "../lib/videos/lifecycle.ts";
import { isOpenMedia, type MediaAccessCache } from "../lib/videos/media_access.ts";
import {
  MASTER_MAX_AGE_S,
  type MasterCaption,
  masterEtag,
  masterWithCaptions,
} from "../lib/captions/master.ts";

const params = z.object({
  videoId: z.uuid(),
  path: z.string().regex(MEDIA_PATH_PATTERN),
});

const YEAR = "max-age=31536000, immutable";

/**
 * GET /media/:videoId/:path — the media edge. Public videos need no token and
 * have stable, cacheable URLs; unlisted and private ones need a playback token
 * on every request, and their playlists are rewritten so that every URL inside
 * carries it. Responses that needed a token are `private`, so a shared cache
 * in front never serves them to someone without one.
 */
export function mediaRoutes(
  deps: {
    storage: Storage;
    access: MediaAccessCache;
    secret: string;
    /** The video's current caption tracks, listed in the master as it is served. */
    captions?: (videoId: string) => Promise<MasterCaption[]>;
  },
): Hono {
  const handler = async (c: Context) => {
    const p = params.safeParse({ videoId: c.req.param("videoId"), path: c.req.param("path") });
    if (!p.success) throw new NotFoundError();
    const { videoId, path } = p.data;
    const token = c.req.query("token");
    const tokenVerdict = token ? verifyPlaybackToken(deps.secret, videoId, { token }) : "invalid";
    const { verdict, access } = await deps.access.check(videoId, {
      tokenOk: tokenVerdict === "ok",
      viewer: token && tokenVerdict === "ok" ? playbackTokenViewer(token) : undefined,
      path,
    });
    // Unknown and non-public videos answer alike without a token, so that ids cannot be probed.
    if (verdict === "needs-token") {
      throw new PermissionError(
        tokenVerdict === "expired"
          ? "This playback link has expired."
          : "A valid playback token is required.",
      );
    }
    if (verdict === "denied") throw new PermissionError("This video is not available to you.");
    if (verdict === "gone" || !access) throw new NotFoundError();
    // Stable, shareable URLs only for what anyone may fetch: a public video's preview (in
    // review, scheduled) needs the token in every URL, like an unlisted one.
    const isPublic = isOpenMedia(access, path);
    const key = mediaKey(videoId, path);
    const info = await deps.storage.head(key);
    if (!info) throw new NotFoundError();
    const scope = isPublic ? "public" : "private";

    if (path.endsWith(".m3u8")) {
      const obj = await deps.storage.get(key);
      if (!obj) throw new NotFoundError();
      let text = await new Response(obj.body).text();
      const master = path === "master.m3u8";
      const finished = master ? isProcessed(access.status) : isEndedPlaylist(text);
      // Captions change without a new transcode: the master lists the current ones, briefly cached.
      const tracks = master && deps.captions ? await deps.captions(videoId) : [];
      text = masterWithCaptions(text, tracks);
      const etag = masterEtag(info.etag, tracks);
      if (!isPublic) text = addQueryToPlaylist(text, { token: token! });
      const maxAge = !finished ? 2 : master ? MASTER_MAX_AGE_S : 86400;
      c.header("Cache-Control", `${scope}, max-age=${maxAge}`);
      c.header("ETag", etag);
      if (isPublic && c.req.header("if-none-match") === etag) return c.body(null, 304);
      return c.body(text, 200, { "Content-Type": info.contentType });
    }

    const headers: Record<string, string> = {
      "Content-Type": info.contentType,
      "Accept-Ranges": "bytes",
      ETag: info.etag,
      "Last-Modified": info.lastModified.toUTCString(),
      "Cache-Control": /\.(m4s|ts|mp4)$/.test(path)
        ? `${scope}, ${YEAR}`
        : `${scope}, max-age=86400`,
    };
    if (c.req.header("if-none-match") === info.etag) return c.body(null, 304, headers);
    const range = parseRange(c.req.header("range"), info.size);
    if (range === "unsatisfiable") {
      return c.body(null, 416, { ...headers, "Content-Range": `bytes */${info.size}` });
    }
    if (c.req.method === "HEAD") {
      return c.body(null, 200, { ...headers, "Content-Length": String(info.size) });
    }
    const obj = await deps.storage.get(key, { range });
    if (!obj) throw new NotFoundError();
    if (!range) return c.body(obj.body, 200, { ...headers, "Content-Length": String(info.size) });
    return c.body(obj.body, 206, {
      ...headers,
      "Content-Range": `bytes ${range.start}-${range.end}/${info.size}`,
      "Content-Length": String(range.end - range.start + 1),
    });
  };
  return new Hono().get("/media/:videoId/:path{.+}", handler);
}
