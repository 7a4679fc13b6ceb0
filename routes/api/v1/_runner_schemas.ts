/**
 * The runner API's request and response shapes (routes/api/v1/runners.ts).
 * Everything a runner sends is bounded: names, error texts, rendition lists,
 * numbers, keys.
 */
import { z } from "zod";
import { REMOTE_KINDS } from "../../../lib/runners/kinds.ts";
import { PROCESSING_STAGES } from "../../../lib/shared/processing_stage.ts";

/** The header a runner presents its token in (not Authorization: that is for user sessions). */
export const RUNNER_TOKEN_HEADER = "x-runner-token";
/** The header naming the lease a job call is made under. */
export const RUNNER_LEASE_HEADER = "x-runner-lease";
/** The largest object a runner may write in one PUT (a segment, a playlist, a sprite). */
export const RUNNER_OBJECT_MAX_BYTES = 256 * 1024 * 1024;
/** The runner API's paths (authenticated by runner tokens, not by address). */
export const RUNNER_PATH = /^\/api\/v1\/runners\//;
/** The body limit of an object PUT (app.ts's bodyLimit rules). */
export const RUNNER_OBJECT_LIMIT = {
  method: "PUT",
  path: "/api/v1/runners/jobs/:id/objects",
  maxBytes: RUNNER_OBJECT_MAX_BYTES,
  timeoutMs: 10 * 60_000,
};

const name = z.string().regex(/^[\w.-]{1,64}$/, "letters, digits, '.', '_' or '-' (≤ 64)");
const key = z.string().min(1).max(512);

export const registerBody = z.object({ name }).meta({ id: "RunnerRegistration" });
export const registered = z.object({
  runnerId: z.uuid(),
  name: z.string(),
  kinds: z.array(z.enum(REMOTE_KINDS as [string, ...string[]])),
  leaseMs: z.number().int(),
  pollMs: z.number().int(),
  shortLanePixels: z.number(),
}).meta({ id: "RunnerConfig" });

export const claimBody = z.object({
  name,
  lane: z.enum(["short", "prefer-long", "prefer-short"]).optional(),
}).meta({ id: "RunnerClaimRequest" });
export const claimed = z.object({
  job: z.object({
    id: z.uuid(),
    kind: z.string(),
    payload: z.record(z.string(), z.unknown()),
    videoId: z.uuid().nullable(),
    attempts: z.number().int(),
    cost: z.number().nullable(),
    timeLimitMs: z.number().int().nullable(),
    ownerId: z.string(),
  }),
  lease: z.object({ token: z.uuid(), workerId: z.string(), expiresAt: z.iso.datetime() }),
}).meta({ id: "RunnerClaim" });

export const leaseHeaders = z.object({ [RUNNER_LEASE_HEADER]: z.uuid() });
export const renewed = z.object({ state: z.enum(["ok", "cancelled"]) });
export const failBody = z.object({
  error: z.string().min(1).max(2000),
  permanent: z.boolean().default(false),
});
export const failed = z.object({ outcome: z.enum(["retry", "dead", "lost"]) });
export const releaseBody = z.object({ reason: z.enum(["shutdown", "cancelled"]) });
export const downloadBody = z.object({ key });
export const downloadUrl = z.object({ url: z.url() });
export const objectQuery = z.object({ key });
export const listQuery = z.object({
  after: key.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(1000),
});
export const listed = z.object({
  objects: z.array(z.object({ key: z.string(), size: z.number().int() })),
  next: z.string().nullable(),
});

const rendition = z.object({
  name: z.string().regex(/^[\w-]{1,32}$/),
  width: z.number().int().min(1).max(16384),
  height: z.number().int().min(1).max(16384),
  bitrate: z.number().int().min(0).max(1e10),
  codecs: z.string().regex(/^[\w.,-]{1,200}$/),
  playlistKey: key,
});
const positive = z.number().positive().max(1e9);
const frameName = z.string().regex(/^[a-z0-9]{1,16}$/);

/** One catalog call of the transcode handler (lib/videos/transcode_catalog.ts), by `op`. */
export const catalogBody = z.discriminatedUnion("op", [
  z.object({ op: z.literal("source") }),
  z.object({ op: z.literal("started") }),
  z.object({ op: z.literal("exists") }),
  z.object({
    op: z.literal("progress"),
    percent: z.number().min(0).max(100),
    // What the studio shows (lib/videos/transcode_progress.ts ProgressReport).
    detail: z.object({
      stage: z.enum(PROCESSING_STAGES),
      rungs: z.array(z.string().regex(/^\w{1,16}$/)).max(16).optional(),
      etaS: z.number().min(0).max(1e7).nullable(),
    }).strict().optional(),
  }),
  z.object({
    op: z.literal("frames"),
    frames: z.array(
      z.object({
        name: frameName,
        atS: z.number().min(0).max(1e6),
        widths: z.array(z.number().int().min(1).max(8192)).max(8),
      }).strict(),
    ).min(1).max(8),
    auto: frameName,
  }),
  z.object({
    op: z.literal("measured"),
    width: z.number().int().min(1).max(65536),
    height: z.number().int().min(1).max(65536),
    fps: positive.optional(),
    durationS: positive,
  }),
  z.object({
    op: z.literal("master"),
    masterKey: key,
    posterKey: key.optional(),
    renditions: z.array(rendition).min(1).max(16),
  }),
  z.object({ op: z.literal("finished"), posterKey: key.optional(), storyboardKey: key.optional() }),
]).meta({ id: "RunnerCatalogCall" });
export const catalogResult = z.object({
  result: z.union([
    z.object({ sourceKey: z.string().nullable(), gone: z.boolean() }),
    z.object({ ok: z.boolean() }),
    z.object({ cost: z.number(), timeLimitMs: z.number() }),
    z.object({ key: z.string().nullable() }),
  ]),
}).meta({ id: "RunnerCatalogResult" });
