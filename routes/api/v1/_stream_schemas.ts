import { z } from "zod";
import { STREAM_STATES } from "../../../lib/shared/live_states.ts";
import { description, title } from "../../_video_schemas.ts";

const scheduledAt = z.iso.datetime({ offset: true }).transform((s) => new Date(s))
  .refine((d) => d.getTime() < Date.now() + 366 * 86_400_000, "Schedule within a year.")
  .nullable();

/** POST /api/v1/streams and …/start. */
export const createStreamSchema = z.object({
  title,
  description: description.optional(),
  visibility: z.enum(["public", "unlisted", "private"]).optional(),
  scheduledAt: scheduledAt.optional(),
  saveRecording: z.boolean().optional(),
}).strict();

/** PATCH /api/v1/streams/:id. */
export const updateStreamSchema = createStreamSchema.partial().strict();

/** A stream as the API shows it to its owner. */
export const streamSchema = z.object({
  id: z.uuid().meta({ description: "The stream's video id: /v/{id} plays it." }),
  title: z.string(),
  description: z.string(),
  visibility: z.enum(["public", "unlisted", "private"]),
  state: z.enum(STREAM_STATES),
  videoStatus: z.string(),
  keyHint: z.string().meta({ description: "The key's last 4 characters." }),
  rtmpUrl: z.string().meta({ description: "The encoder's server URL; the key is its stream key." }),
  scheduledAt: z.iso.datetime().nullable(),
  saveRecording: z.boolean(),
  startedAt: z.iso.datetime().nullable(),
  endedAt: z.iso.datetime().nullable(),
  endReason: z.string().nullable(),
  createdAt: z.iso.datetime(),
}).meta({ id: "LiveStream" });

/** A stream with its secret key (only when created or rotated). */
export const streamWithKeySchema = z.object({
  stream: streamSchema,
  key: z.string().meta({ description: "The secret stream key: shown this once." }),
});
