import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import type { Sql } from "../../../lib/db/mod.ts";
import { NotFoundError } from "../../../lib/errors.ts";
import { findManagedVideo, findVisibleVideo, premiereFor } from "../../../lib/videos/access.ts";
import { playbackFor } from "../../../lib/videos/playback.ts";
import { getProcessingStatus } from "../../../lib/videos/processing.ts";
import { issueViewToken, recordView } from "../../../lib/videos/views.ts";
import { OpenSlots } from "../../../lib/rate_limit.ts";
import { validate } from "../../_validate.ts";
import { isSettled } from "../../../lib/shared/video_states.ts";
import { readJson } from "../../_body.ts";
import { viewerKey, viewerNetwork } from "../../_viewer.ts";
import {
  EVENT_STREAM_LIMITS,
  type EventStreamLimits,
  userEventStream,
} from "../../_event_stream.ts";
import {
  ANYONE,
  apiRouter,
  errors,
  idParam,
  json,
  jsonBody,
  SIGNED_IN,
  withBodyReadByHandler,
} from "./_openapi.ts";

const viewBody = z.object({ token: z.string().min(1).max(200) });
const tags = ["playback"];

const playback = createRoute({
  method: "get",
  path: "/api/v1/videos/{id}/playback",
  operationId: "getPlayback",
  tags,
  summary: "What a player needs: media URLs and a view token",
  security: ANYONE,
  request: { params: idParam },
  responses: {
    200: json(
      z.object({
        masterUrl: z.string(),
        posterUrl: z.string().nullable(),
        storyboardUrl: z.string().nullable(),
        captions: z.array(z.object({ lang: z.string(), label: z.string(), url: z.string() })),
        expiresAt: z.iso.datetime().nullable().meta({
          description: "When the signed URLs expire; null for public videos (stable URLs).",
        }),
        viewToken: z.string().meta({ description: "Send it to POST …/views after watching." }),
      }).meta({ id: "Playback" }),
      "The playback URLs.",
    ),
    ...errors(400, 404, 409, 429),
  },
});

const views = createRoute({
  method: "post",
  path: "/api/v1/videos/{id}/views",
  operationId: "recordView",
  tags,
  summary: "Count a view (once per viewer and window)",
  security: ANYONE,
  request: { params: idParam, body: jsonBody(viewBody) },
  responses: {
    202: json(
      z.object({
        counted: z.boolean(),
        result: z.enum(["counted", "duplicate", "too-early", "invalid", "limited"]),
      }),
      "Whether it counted, and why not.",
    ),
    ...errors(400, 403, 404, 413, 429),
  },
});

const events = createRoute({
  method: "get",
  path: "/api/v1/videos/{id}/events",
  operationId: "streamProcessingEvents",
  tags,
  summary: "Processing progress as server-sent events (owner or admin)",
  description: "Events: `status` (data: `{status, progress, error, playable}`, sent on change) " +
    'and `end` (data: `{"reason": "lifetime" | "signed-out"}`). The stream ends once the ' +
    "video is ready, published, failed or rejected; EventSource reconnects by itself.",
  security: SIGNED_IN,
  request: { params: idParam },
  responses: {
    200: {
      description: "An event stream.",
      content: { "text/event-stream": { schema: z.string() } },
    },
    ...errors(400, 401, 404, 429),
  },
});

/** Dependencies of the playback API. */
export interface PlaybackDeps {
  sql: Sql;
  kv: Deno.Kv;
  secret: string;
  mediaBaseUrl: string;
  trustProxy: boolean;
  /** How often the event stream looks for changes (ms). */
  pollMs?: number;
  /** Limits on event streams; defaults in EVENT_STREAM_LIMITS. */
  eventStreams?: Partial<EventStreamLimits>;
  /** The per-user stream slots, shared with the other event streams (app.ts). */
  streamSlots?: OpenSlots;
}

/**
 * GET /api/v1/videos/:id/playback, POST /api/v1/videos/:id/views and
 * GET /api/v1/videos/:id/events (processing progress as server-sent events,
 * for the owner).
 */
export function playbackApiRoutes(deps: PlaybackDeps): OpenAPIHono {
  const limits = { ...EVENT_STREAM_LIMITS, ...deps.eventStreams };
  const streams = deps.streamSlots ?? new OpenSlots(limits.maxPerUser);
  const app = apiRouter();
  return app
    .openapi(playback, async (c) => {
      const { id } = c.req.valid("param");
      const user = c.get("user");
      const video = await findVisibleVideo(deps.sql, { videoId: id, viewer: user });
      if (premiereFor(video, user)) throw new NotFoundError("This video premieres later.");
      const playback = await playbackFor(deps, { video, viewerId: user?.id });
      const viewToken = issueViewToken(deps.secret, {
        videoId: id,
        viewerKey: await viewerKey(c, deps),
      });
      c.header("Cache-Control", "private, no-store");
      return c.json({ ...playback, viewToken }, 200);
    })
    .openapi(withBodyReadByHandler(app, views), async (c) => {
      const { id } = c.req.valid("param");
      const { token } = validate(viewBody, await readJson(c));
      await findVisibleVideo(deps.sql, { videoId: id, viewer: c.get("user") });
      const result = await recordView(deps, {
        videoId: id,
        viewerKey: await viewerKey(c, deps),
        network: viewerNetwork(c, deps),
        token,
      });
      return c.json({ counted: result === "counted", result }, 202);
    })
    .openapi(events, async (c) => {
      const { id } = c.req.valid("param");
      await findManagedVideo(deps.sql, { videoId: id, viewer: c.get("user") });
      // findManagedVideo lets only a signed-in owner or admin through.
      let last = "";
      return userEventStream(c, streams, {
        limits,
        pollMs: deps.pollMs ?? 1000,
        async tick(send) {
          const status = await getProcessingStatus(deps.sql, id);
          if (!status) throw new NotFoundError();
          const data = JSON.stringify(status);
          if (data !== last) await send("status", status);
          last = data;
          return isSettled(status.status);
        },
      });
    });
}
