import { type Context, Hono } from "hono";
import { z } from "zod";
import { Layout } from "../components/Layout.tsx";
import { LiveKeyCard, LiveStreamForm, LiveStreamList } from "../components/LiveStudio.tsx";
import type { Sql } from "../lib/db/mod.ts";
import { NotFoundError, PermissionError } from "../lib/errors.ts";
import { endStream } from "../lib/live/session.ts";
import {
  createStream,
  findOwnStream,
  listStreams,
  type LiveStream,
  rotateStreamKey,
} from "../lib/live/streams.ts";
import { zonedTimeToUtc } from "../lib/studio/zoned_time.ts";
import { requireUser } from "../middleware/auth.ts";
import { formPost, type FormState } from "./_form.ts";
import { page } from "./_render.tsx";
import { validate } from "./_validate.ts";
import { createStreamSchema } from "./api/v1/_stream_schemas.ts";

const form = z.object({
  title: z.string().max(400),
  description: z.string().max(5000).default(""),
  visibility: z.enum(["public", "unlisted", "private"]).default("public"),
  scheduledAt: z.string().max(40).default(""),
  tz: z.string().max(64).default("UTC"),
  saveRecording: z.literal("on").optional(),
});

/**
 * The studio's live page (/studio/live): the creator's streams, a form for a
 * new one, and the key shown once after creating or rotating; plain forms
 * that work without JavaScript.
 */
export function livePageRoutes(deps: { sql: Sql; rtmpUrl: string }): Hono {
  const signedIn = requireUser({ signInPage: true });
  const creator = (c: Context) => {
    const user = c.get("user")!;
    if (!["creator", "moderator", "admin"].includes(user.role)) {
      throw new PermissionError("Only creators can stream.");
    }
    return user;
  };
  const render = async (c: Context, state: FormState, status: 200 | 400 | 409 | 413 = 200) => {
    const streams = await listStreams(deps.sql, creator(c).id, { limit: 50 });
    return page(
      c,
      <Layout title="Live streams">
        <h1>Live streams</h1>
        <LiveStreamForm values={state.values} errors={state.errors} error={state.error} />
        <h2>Your streams</h2>
        <LiveStreamList streams={streams} />
      </Layout>,
      status,
    );
  };
  const own = (c: Context) => {
    const id = z.uuid().safeParse(c.req.param("id"));
    if (!id.success) throw new NotFoundError("No such stream.");
    return findOwnStream(deps.sql, id.data, creator(c));
  };
  const keyPage = (c: Context, made: { stream: LiveStream; key: string }) => {
    c.header("Cache-Control", "no-store");
    return page(
      c,
      <Layout title="Stream key">
        <LiveKeyCard stream={made.stream} rtmpUrl={deps.rtmpUrl} streamKey={made.key} />
      </Layout>,
    );
  };
  return new Hono()
    .get("/studio/live", signedIn, (c) => render(c, {}))
    .post(
      "/studio/live",
      signedIn,
      formPost(async (c, values) => {
        const user = creator(c);
        const f = validate(form, values);
        const input = validate(createStreamSchema, {
          title: f.title,
          description: f.description,
          visibility: f.visibility,
          saveRecording: f.saveRecording === "on",
          ...(f.scheduledAt
            ? { scheduledAt: zonedTimeToUtc(f.scheduledAt, f.tz, "scheduledAt").toISOString() }
            : {}),
        });
        return keyPage(c, await createStream(deps.sql, user.id, input));
      }, { rerender: (c, state, status) => render(c, state, status as 400) }),
    )
    .post("/studio/live/:id/key", signedIn, async (c) => {
      const stream = await own(c);
      return keyPage(c, await rotateStreamKey(deps.sql, stream));
    })
    .post("/studio/live/:id/stop", signedIn, async (c) => {
      const stream = await own(c);
      await endStream(deps.sql, stream.videoId, { reason: "Stopped by its owner." });
      return c.redirect("/studio/live", 303);
    });
}
