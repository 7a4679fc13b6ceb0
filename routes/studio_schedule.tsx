import { type Context, Hono } from "hono";
import { z } from "zod";
import { Layout } from "../components/Layout.tsx";
import { StudioSchedule } from "../components/StudioSchedule.tsx";
import type { Sql } from "../lib/db/mod.ts";
import { ConflictError, ValidationError } from "../lib/errors.ts";
import { zonedTimeToUtc } from "../lib/studio/zoned_time.ts";
import { schedulePublish, unschedulePublish } from "../lib/videos/publish_schedule.ts";
import { requireUser } from "../middleware/auth.ts";
import { formText } from "./_form.ts";
import { managedVideo } from "./_managed_video.ts";
import { page } from "./_render.tsx";
import { validate } from "./_validate.ts";

const form = z.object({
  publishAt: z.string().max(40),
  tz: z.string().max(64).default("UTC"),
});

/**
 * POST /studio/videos/:id/schedule (publish at a time, read in the zone the
 * browser sent) and /unschedule: plain forms from the edit page that answer
 * with a redirect back to it; a time that cannot be used re-shows the form
 * with the reason (400, or 409 for a video that can no longer be scheduled).
 */
export function studioScheduleRoutes(deps: { sql: Sql; now?: () => Date }): Hono {
  const signedIn = requireUser({ signInPage: true });
  const managed = (c: Context) => managedVideo(c, deps.sql);
  return new Hono()
    .post("/studio/videos/:id/schedule", signedIn, async (c) => {
      const video = await managed(c);
      try {
        const input = validate(form, await formText(c));
        const publishAt = zonedTimeToUtc(input.publishAt, input.tz);
        await schedulePublish(deps.sql, video.id, { publishAt, now: deps.now?.() });
      } catch (err) {
        if (!(err instanceof ValidationError || err instanceof ConflictError)) throw err;
        const status = err instanceof ConflictError ? 409 : 400;
        return page(
          c,
          <Layout title={`Schedule: ${video.title}`}>
            <p>
              <a href={`/studio/videos/${video.id}`}>← Back to “{video.title}”</a>
            </p>
            <StudioSchedule video={video} error={err.message} />
          </Layout>,
          status,
        );
      }
      return c.redirect(`/studio/videos/${video.id}?scheduled=1`, 303);
    })
    .post("/studio/videos/:id/unschedule", signedIn, async (c) => {
      const video = await managed(c);
      await unschedulePublish(deps.sql, video.id);
      return c.redirect(`/studio/videos/${video.id}`, 303);
    });
}
