import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import { z } from "zod";
import type { Sql } from "../../../lib/db/mod.ts";
import { ValidationError } from "../../../lib/errors.ts";
import { ingestBatch } from "../../../lib/analytics/ingest.ts";
import { batchSchema } from "../../../lib/analytics/schema.ts";
import type { EventSink } from "../../../lib/analytics/sink.ts";
import { EVENTS_PATH } from "../../../lib/shared/analytics_events.ts";
import { readFormBody } from "../../../middleware/form_body.ts";
import { clientIp } from "../../../middleware/rate_limit.ts";
import { readJson } from "../../_body.ts";
import { validate } from "../../_validate.ts";
import { ANYONE, apiRouter, errors, json, jsonBody, withBodyReadByHandler } from "./_openapi.ts";

const result = z.object({
  accepted: z.number().int().meta({ description: "Events stored for the first time." }),
  duplicates: z.number().int().meta({ description: "Events already stored (a replay)." }),
  dropped: z.number().int().meta({
    description: "Impossible events (future or negative times, ranges past the duration), " +
      "or events over the session's cap.",
  }),
}).meta({ id: "EventBatchResult" });

const post = createRoute({
  method: "post",
  path: EVENTS_PATH,
  operationId: "postPlayerEvents",
  tags: ["analytics"],
  summary: "Report a batch of player events (the Player island; sendBeacon on pagehide)",
  description: "JSON, or a form whose `batch` field holds the JSON (what `navigator.sendBeacon` " +
    "sends, with the `_csrf` field when signed in). Each event is stored once per " +
    "(sessionId, seq): a replayed batch changes nothing. At most 30 batches a minute per session.",
  security: ANYONE,
  request: { body: jsonBody(batchSchema) },
  responses: {
    202: json(result, "Taken in."),
    ...errors(400, 403, 404, 413, 429),
  },
});

/** The largest batch body (100 events of a few hundred bytes at most, with room). */
const MAX_BATCH_BYTES = 64 * 1024;

/** POST /api/v1/events: player events for analytics (docs/DESIGN.md, "Analytics"). */
export function analyticsApiRoutes(deps: {
  sql: Sql;
  kv: Deno.Kv;
  sink: EventSink;
  secret: string;
  publicUrl: string;
  trustProxy: boolean;
}): OpenAPIHono {
  const app = apiRouter();
  const publicOrigin = new URL(deps.publicUrl).origin;
  return app.openapi(withBodyReadByHandler(app, post), async (c) => {
    const batch = validate(batchSchema, await readBatch(c));
    const out = await ingestBatch({ ...deps, publicOrigin }, batch, {
      viewer: c.get("user"),
      ip: clientIp(c, deps),
      userAgent: c.req.header("user-agent") ?? "",
      optOut: c.req.header("dnt") === "1" || c.req.header("sec-gpc") === "1",
      // A CDN's country header is only believed behind the trusted proxy.
      country: deps.trustProxy
        ? c.req.header("cf-ipcountry") ?? c.req.header("cloudfront-viewer-country")
        : undefined,
    });
    return c.json(out, 202);
  });
}

async function readBatch(c: Context): Promise<unknown> {
  const type = c.req.header("content-type") ?? "";
  if (!/^(multipart\/form-data|application\/x-www-form-urlencoded)/i.test(type)) {
    return await readJson(c);
  }
  const field = (await readFormBody(c)).batch;
  if (typeof field !== "string") throw new ValidationError("The form has no `batch` field.");
  if (field.length > MAX_BATCH_BYTES) throw new ValidationError("The batch is too large.");
  try {
    return JSON.parse(field);
  } catch {
    throw new ValidationError("The batch is not valid JSON.");
  }
}
