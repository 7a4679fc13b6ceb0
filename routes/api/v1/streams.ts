import type { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { streamSSE } from "hono/streaming";
import type { Sql } from "../../../lib/db/mod.ts";
import { NotFoundError, RateLimitError } from "../../../lib/errors.ts";
import { endStream } from "../../../lib/live/session.ts";
import {
  createStream,
  findOwnStream,
  findStream,
  listStreams,
  type LiveStream,
  rotateStreamKey,
  updateStream,
} from "../../../lib/live/streams.ts";
import { liveStatus, type ViewerCounter } from "../../../lib/live/watch.ts";
import type { OpenSlots } from "../../../lib/rate_limit.ts";
import { findVisibleVideo } from "../../../lib/videos/access.ts";
import { playbackFor } from "../../../lib/videos/playback.ts";
import { requireRole } from "../../../middleware/auth.ts";
import { readJson } from "../../_body.ts";
import { validate } from "../../_validate.ts";
import { viewerNetwork } from "../../_viewer.ts";
import { apiRouter, withBodyReadByHandler } from "./_openapi.ts";
import { createStreamSchema, updateStreamSchema } from "./_stream_schemas.ts";
import {
  create,
  events,
  get,
  list,
  manifest,
  patch,
  rotate,
  start,
  stop,
} from "./_stream_routes.ts";

/** What the streams API needs. */
export interface StreamApiDeps {
  sql: Sql;
  secret: string;
  mediaBaseUrl: string;
  rtmpUrl: string;
  trustProxy: boolean;
  viewers: ViewerCounter;
  /** Open live event streams per client address. */
  slots: OpenSlots;
}

/**
 * Live streams: create (POST /api/v1/streams, /start), list, read, edit,
 * rotate the key, stop; the manifest and the live events for viewers.
 */
export function streamApiRoutes(deps: StreamApiDeps): OpenAPIHono {
  const creators = requireRole("creator", "moderator", "admin");
  const show = (s: LiveStream) => ({
    id: s.videoId,
    title: s.title,
    description: s.description,
    visibility: s.visibility,
    state: s.state,
    videoStatus: s.videoStatus,
    keyHint: s.keyHint,
    rtmpUrl: deps.rtmpUrl,
    scheduledAt: s.scheduledAt?.toISOString() ?? null,
    saveRecording: s.saveRecording,
    startedAt: s.startedAt?.toISOString() ?? null,
    endedAt: s.endedAt?.toISOString() ?? null,
    endReason: s.endReason,
    createdAt: s.createdAt.toISOString(),
  });
  const own = (c: Context, id: string) => findOwnStream(deps.sql, id, c.get("user")!);
  const created = async (c: Context, now: boolean) => {
    const input = validate(createStreamSchema, await readJson(c));
    const made = await createStream(deps.sql, c.get("user")!.id, {
      ...input,
      scheduledAt: now ? null : input.scheduledAt,
    });
    c.header("Cache-Control", "no-store");
    return c.json({ stream: show(made.stream), key: made.key }, 201);
  };
  const app = apiRouter();
  return app
    .openapi(
      withBodyReadByHandler(app, { ...create, middleware: creators }),
      (c) => created(c, false),
    )
    .openapi(
      withBodyReadByHandler(app, { ...start, middleware: creators }),
      (c) => created(c, true),
    )
    .openapi(list, async (c) => {
      const { limit, cursor } = c.req.valid("query");
      const streams = await listStreams(deps.sql, c.get("user")!.id, {
        limit,
        before: cursor ? new Date(cursor) : undefined,
      });
      const next = streams.length === limit ? streams.at(-1)!.createdAt.toISOString() : null;
      c.header("Cache-Control", "private, no-store");
      return c.json({ streams: streams.map(show), nextCursor: next }, 200);
    })
    .openapi(get, async (c) => {
      c.header("Cache-Control", "private, no-store");
      return c.json({ stream: show(await own(c, c.req.valid("param").id)) }, 200);
    })
    .openapi(withBodyReadByHandler(app, patch), async (c) => {
      const stream = await own(c, c.req.valid("param").id);
      const input = validate(updateStreamSchema, await readJson(c));
      return c.json({ stream: show(await updateStream(deps.sql, stream, input)) }, 200);
    })
    .openapi(rotate, async (c) => {
      const made = await rotateStreamKey(deps.sql, await own(c, c.req.valid("param").id));
      c.header("Cache-Control", "no-store");
      return c.json({ stream: show(made.stream), key: made.key }, 200);
    })
    .openapi(stop, async (c) => {
      const stream = await own(c, c.req.valid("param").id);
      await endStream(deps.sql, stream.videoId, { reason: "Stopped by its owner." });
      return c.json({ stream: show((await findStream(deps.sql, stream.videoId))!) }, 200);
    })
    .openapi(manifest, async (c) => {
      const { id } = c.req.valid("param");
      const user = c.get("user");
      const stream = await liveStatus(deps.sql, id);
      if (!stream) throw new NotFoundError("No such stream.");
      const video = await findVisibleVideo(deps.sql, { videoId: id, viewer: user });
      const playback = await playbackFor(deps, { video, viewerId: user?.id });
      c.header("Cache-Control", "private, no-store");
      return c.json({
        masterUrl: playback.masterUrl,
        state: stream.state,
        expiresAt: playback.expiresAt?.toISOString() ?? null,
      }, 200);
    })
    .openapi(events, async (c) => {
      const { id } = c.req.valid("param");
      await findVisibleVideo(deps.sql, { videoId: id, viewer: c.get("user") });
      if (!await liveStatus(deps.sql, id)) throw new NotFoundError("No such stream.");
      const release = deps.slots.acquire(viewerNetwork(c, { trustProxy: deps.trustProxy }));
      if (!release) {
        throw new RateLimitError(5, { message: "Too many live event streams from this address." });
      }
      return streamSSE(c, async (sse) => {
        const leave = await deps.viewers.join(id);
        sse.onAbort(() => {
          release();
          leave();
        });
        try {
          const started = Date.now();
          let last = "";
          let refreshed = Date.now();
          while (!sse.aborted && Date.now() - started < 30 * 60_000) {
            const s = await liveStatus(deps.sql, id);
            if (Date.now() - refreshed > 5000) {
              refreshed = Date.now();
              await deps.viewers.refresh(id);
            }
            const data = JSON.stringify({
              state: s?.state ?? "ended",
              videoStatus: s?.videoStatus ?? null,
              viewers: await deps.viewers.total(id),
              startedAt: s?.startedAt ?? null,
              scheduledAt: s?.scheduledAt ?? null,
            });
            if (data !== last) await sse.writeSSE({ event: "status", data });
            last = data;
            await sse.sleep(1000);
          }
        } finally {
          release();
          await leave();
        }
      });
    });
}
