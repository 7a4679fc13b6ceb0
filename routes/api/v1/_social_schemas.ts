/** Response shapes of routes/api/v1/social.ts, for the OpenAPI document. */
import { z } from "zod";

/** A video card in a personal list (liked videos, the follow feed). */
const card = z.object({
  id: z.uuid(),
  title: z.string(),
  durationS: z.number().nullable(),
  posterUrl: z.string().nullable(),
  ownerId: z.uuid(),
  ownerName: z.string(),
  viewCount: z.number().int(),
  publishedAt: z.iso.datetime(),
  category: z.object({ slug: z.string(), name: z.string() }).nullable(),
  premium: z.boolean().optional().meta({ description: "Premium-only: members play it." }),
}).meta({ id: "SocialVideoCard" });

/** A page of cards and the cursor of the next page. */
export const cardPageSchema = z.object({
  videos: z.array(card),
  nextCursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page." }),
});

/** `{reaction}`: a video's reactions as the caller may see them. */
export const reactionResponse = z.object({
  reaction: z.object({
    mine: z.enum(["like", "dislike"]).nullable(),
    likes: z.number().int(),
    dislikes: z.number().int().optional().meta({
      description: "Only for the video's creator and admins.",
    }),
  }).meta({ id: "ReactionSummary" }),
});

/** `{follow}`: a creator's followers as the caller sees them. */
export const followResponse = z.object({
  follow: z.object({ following: z.boolean(), followers: z.number().int() }).meta({
    id: "FollowState",
  }),
});
