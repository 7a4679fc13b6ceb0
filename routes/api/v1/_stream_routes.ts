/** The streams API's operations as the OpenAPI document describes them (routes/api/v1/streams.ts). */
import { createRoute } from "@hono/zod-openapi";
import { z } from "zod";
import { requireUser } from "../../../middleware/auth.ts";
import { ANYONE, errors, idParam, json, jsonBody, SIGNED_IN } from "./_openapi.ts";
import {
  createStreamSchema,
  streamSchema,
  streamWithKeySchema,
  updateStreamSchema,
} from "./_stream_schemas.ts";

const tags = ["streams"];
const owner = { tags, security: SIGNED_IN, middleware: requireUser() };
export const listQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.iso.datetime().optional().meta({ description: "The last page's `nextCursor`." }),
});

export const create = createRoute({
  ...owner,
  method: "post",
  path: "/api/v1/streams",
  operationId: "createStream",
  summary: "Create a live stream (now or scheduled); answers its secret key once",
  request: { body: jsonBody(createStreamSchema) },
  responses: {
    201: json(streamWithKeySchema, "The stream and its key."),
    ...errors(400, 401, 403, 413, 429),
  },
});
export const start = createRoute({
  ...create,
  path: "/api/v1/streams/start",
  operationId: "startStream",
  summary: "Create a stream to go live now: point the encoder at `rtmpUrl` with `key`",
});
export const list = createRoute({
  ...owner,
  method: "get",
  path: "/api/v1/streams",
  operationId: "listStreams",
  summary: "Your streams, newest first",
  request: { query: listQuery },
  responses: {
    200: json(
      z.object({ streams: z.array(streamSchema), nextCursor: z.string().nullable() }),
      "A page.",
    ),
    ...errors(400, 401, 429),
  },
});
export const get = createRoute({
  ...owner,
  method: "get",
  path: "/api/v1/streams/{id}",
  operationId: "getStream",
  summary: "One of your streams",
  request: { params: idParam },
  responses: {
    200: json(z.object({ stream: streamSchema }), "The stream."),
    ...errors(400, 401, 404, 429),
  },
});
export const patch = createRoute({
  ...owner,
  method: "patch",
  path: "/api/v1/streams/{id}",
  operationId: "updateStream",
  summary: "Change a stream's title, description, visibility, schedule or recording choice",
  request: { params: idParam, body: jsonBody(updateStreamSchema) },
  responses: {
    200: json(z.object({ stream: streamSchema }), "The stream."),
    ...errors(400, 401, 403, 404, 409, 413, 429),
  },
});
export const rotate = createRoute({
  ...owner,
  method: "post",
  path: "/api/v1/streams/{id}/key",
  operationId: "rotateStreamKey",
  summary: "Replace the stream key (the old one is refused from now on); answers it once",
  request: { params: idParam },
  responses: {
    200: json(streamWithKeySchema, "The new key."),
    ...errors(400, 401, 403, 404, 409, 429),
  },
});
export const stop = createRoute({
  ...owner,
  method: "post",
  path: "/api/v1/streams/{id}/stop",
  operationId: "stopStream",
  summary: "End the stream; with “save the recording” on, it becomes a normal video",
  request: { params: idParam },
  responses: {
    200: json(z.object({ stream: streamSchema }), "Ended."),
    ...errors(400, 401, 403, 404, 429),
  },
});
export const manifest = createRoute({
  tags,
  security: ANYONE,
  method: "get",
  path: "/api/v1/streams/{id}/manifest",
  operationId: "getStreamManifest",
  summary: "The live master playlist's URL and the stream's state",
  description: "404 until the first segments are out (state `starting`).",
  request: { params: idParam },
  responses: {
    200: json(
      z.object({
        masterUrl: z.string(),
        state: z.string(),
        expiresAt: z.iso.datetime().nullable(),
      }),
      "The manifest.",
    ),
    ...errors(400, 404, 429),
  },
});
export const events = createRoute({
  tags,
  security: ANYONE,
  method: "get",
  path: "/api/v1/streams/{id}/events",
  operationId: "streamLiveEvents",
  summary: "The stream's state and viewer count as server-sent events",
  description: "`status` events (`{state, videoStatus, viewers, startedAt, scheduledAt}`) on " +
    "change; the stream closes after 30 minutes (EventSource reconnects). At most 4 per address.",
  request: { params: idParam },
  responses: {
    200: {
      description: "An event stream.",
      content: { "text/event-stream": { schema: z.string() } },
    },
    ...errors(400, 404, 429),
  },
});
