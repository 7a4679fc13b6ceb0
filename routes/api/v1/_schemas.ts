/**
 * Response shapes shared by several /api/v1 route files, for the OpenAPI
 * document (responses are not validated at run time; the handlers build them
 * from lib/ types).
 */
import { z } from "zod";
import { ROLES } from "../../../lib/auth/types.ts";
import { VIDEO_STATES } from "../../../lib/shared/video_states.ts";
import { PROCESSING_STAGES } from "../../../lib/shared/processing_stage.ts";

const visibility = z.enum(["public", "unlisted", "private"]);

/** A video with its processing state (routes/api/v1/videos.ts withStatus). */
export const videoSchema = z.object({
  id: z.uuid(),
  ownerId: z.uuid(),
  ownerName: z.string(),
  title: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
  category: z.string().nullable(),
  visibility,
  status: z.enum(VIDEO_STATES),
  statusReason: z.string().nullable(),
  durationS: z.number().nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  viewCount: z.number().int(),
  createdAt: z.iso.datetime(),
  publishedAt: z.iso.datetime().nullable(),
  updatedAt: z.iso.datetime(),
  publishAt: z.iso.datetime().nullable().meta({
    description: "When a scheduled video goes public; null without a schedule.",
  }),
  premium: z.boolean().optional().meta({
    description: "Premium-only: its media only for premium members (when premium is on).",
  }),
  progress: z.number().meta({ description: "Processing progress, 0–100." }),
  error: z.string().nullable(),
  playable: z.boolean(),
  stage: z.enum(PROCESSING_STAGES).nullable().meta({
    description: "What processing is doing now; null when it is not running.",
  }),
  rungs: z.array(z.string()).meta({ description: "The versions being encoded (720p, …)." }),
  etaS: z.number().nullable().meta({ description: "Seconds of processing left, estimated." }),
}).meta({ id: "Video" });

/** The signed-in user (GET /api/v1/auth/me and every sign-in). */
export const sessionUserSchema = z.object({
  id: z.uuid(),
  email: z.email(),
  displayName: z.string(),
  role: z.enum(ROLES),
  accessGroupId: z.number().int().nullable().meta({
    description: "The user's access group (category role), or null: none assigned.",
  }),
  premium: z.boolean().optional().meta({
    description: "May watch premium-only videos now (an active subscription or the creator tier).",
  }),
}).meta({ id: "SessionUser" });

/** A public profile: what anyone may see (never the email). */
export const publicProfileSchema = z.object({
  id: z.uuid(),
  displayName: z.string(),
  bio: z.string(),
  role: z.enum(ROLES),
  avatarUrl: z.string().nullable(),
  createdAt: z.iso.datetime(),
}).meta({ id: "PublicProfile" });

/** `{user}` with a public profile. */
export const profileResponse = z.object({ user: publicProfileSchema });

/** A processing job's id, answered when one is queued. */
export const jobQueued = z.object({ jobId: z.string() });
