import { type Context, Hono } from "hono";
import { z } from "zod";
import { NotFoundError, PermissionError } from "../lib/errors.ts";
import { headersChecked, isSafeHeaderValue } from "../middleware/header_guard.ts";
import { addQueryToPlaylist } from "../lib/media/playlist.ts";
import { playbackTokenViewer, verifyPlaybackToken } from "../lib/media/tokens.ts";
import { MEDIA_PATH_PATTERN, mediaKey } from "../lib/storage/layout.ts";
import { parseRange } from "../lib/storage/range.ts";
import type { ObjectInfo } from "../lib/storage/mod.ts";
import { isProcessed } from "../lib/videos/lifecycle.ts";
import { isOpenMedia, type MediaAccessCache } from "../lib/videos/media_access.ts";
import type { MediaCache } from "../lib/videos/media_cache.ts";

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
 * in front never serves them to someone without one. Who may fetch, finished
 * playlists and objects' metadata come from memory (`access`, `media`: at most
 * 5 s old), so a popular public video costs one storage read per segment and
 * nothing per playlist.
 */
export function mediaRoutes(
  deps: { access: MediaAccessCache; media: MediaCache; secret: string },
): Hono {
  const handler = async (c: Context) => {
    const p = params.safeParse({ videoId: c.req.param("videoId"), path: c.req.param("path") });
    if (!p.success) throw new NotFoundError();
    const { videoId, path } = p.data;
    // Most requests (public videos) have no query at all: skip parsing one (the profile's
    // largest line of the handler's own).
    const token = c.req.url.includes("?") ? c.req.query("token") : undefined;
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
    const scope = isPublic ? "public" : "private";

    if (path.endsWith(".m3u8")) {
      const playlist = await deps.media.playlist(videoId, path, {
        processed: isProcessed(access.status),
      });
      if (!playlist) throw new NotFoundError();
      checkStored(c, playlist);
      c.header("Cache-Control", `${scope}, max-age=${playlist.maxAgeS}`);
      c.header("ETag", playlist.etag);
      if (isPublic && c.req.header("if-none-match") === playlist.etag) return c.body(null, 304);
      const text = isPublic ? playlist.text : addQueryToPlaylist(playlist.text, { token: token! });
      return c.body(text, 200, { "Content-Type": playlist.contentType });
    }
    return await serveObject(c, { videoId, key: mediaKey(videoId, path), scope });
  };

  /** A segment, init segment, poster, storyboard or caption file: 304, range, HEAD or bytes. */
  const serveObject = async (
    c: Context,
    target: { videoId: string; key: string; scope: string },
    retried = false,
  ): Promise<Response> => {
    const { videoId, key, scope } = target;
    const info = await deps.media.info(videoId, key);
    if (!info) throw new NotFoundError();
    checkStored(c, info);
    const headers = objectHeaders(info, scope);
    if (notModified(c, info)) return c.body(null, 304, headers);
    const range = parseRange(c.req.header("range"), info.size);
    if (range === "unsatisfiable") {
      return c.body(null, 416, { ...headers, "Content-Range": `bytes */${info.size}` });
    }
    if (c.req.method === "HEAD") {
      return c.body(null, 200, { ...headers, "Content-Length": String(info.size) });
    }
    if (!range) {
      // Small objects from memory: fewer CPU cycles than a file's stream (docs/DESIGN.md).
      const held = await deps.media.bytes(videoId, info);
      if (held?.etag === info.etag) {
        return c.body(oneChunk(held.bytes), 200, {
          ...headers,
          "Content-Length": String(held.bytes.byteLength),
        });
      }
      if (held) {
        // Replaced since its facts were remembered: answer from the new ones (read() kept them).
        if (retried) throw new NotFoundError();
        return await serveObject(c, target, true);
      }
    }
    const obj = await deps.media.read(videoId, key, { range });
    if (!obj) throw new NotFoundError();
    if (obj.etag !== info.etag) {
      // Replaced since its facts were remembered: answer from the new ones (read() kept them).
      await obj.body.cancel();
      if (retried) throw new NotFoundError();
      return await serveObject(c, target, true);
    }
    if (!range) return c.body(obj.body, 200, { ...headers, "Content-Length": String(info.size) });
    return c.body(obj.body, 206, {
      ...headers,
      "Content-Range": `bytes ${range.start}-${range.end}/${info.size}`,
      "Content-Length": String(range.end - range.start + 1),
    });
  };
  return new Hono().get("/media/:videoId/:path{.+}", handler);
}

/**
 * The only header values here that come from outside are storage's ETag and
 * type (an S3-protocol server's answer): checked, the rest is constants,
 * numbers and dates, so the header guard need not walk this answer.
 */
function checkStored(c: Context, stored: { etag: string; contentType: string }): void {
  if (!isSafeHeaderValue(stored.etag) || !isSafeHeaderValue(stored.contentType)) {
    throw new Error("storage answered an ETag or type that cannot be sent as a header");
  }
  headersChecked(c);
}

function objectHeaders(info: ObjectInfo, scope: string): Record<string, string> {
  return {
    "Content-Type": info.contentType,
    "Accept-Ranges": "bytes",
    ETag: info.etag,
    "Last-Modified": info.lastModified.toUTCString(),
    "Cache-Control": /\.(m4s|ts|mp4)$/.test(info.key)
      ? `${scope}, ${YEAR}`
      : `${scope}, max-age=86400`,
  };
}

/** If-None-Match (exact ETag) wins; without it, If-Modified-Since at a second's precision. */
function notModified(c: Context, info: ObjectInfo): boolean {
  const match = c.req.header("if-none-match");
  if (match !== undefined) return match === info.etag;
  const since = Date.parse(c.req.header("if-modified-since") ?? "");
  return Number.isFinite(since) && Math.floor(info.lastModified.getTime() / 1000) * 1000 <= since;
}

/**
 * Bytes held in memory as a one-chunk stream: `new Response(bytes)` copies
 * them (800 KB per segment, and the garbage), the stream hands the very
 * buffer to Deno.serve, which writes it without detaching it.
 */
function oneChunk(bytes: Uint8Array<ArrayBuffer>): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}
