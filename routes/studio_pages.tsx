import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";
import { CsrfField } from "../components/CsrfField.tsx";
import { Field, Form } from "../components/Form.tsx";
import { Layout } from "../components/Layout.tsx";
import { ReviewNotice } from "../components/ReviewNotice.tsx";
import StudioStatus from "../islands/StudioStatus.tsx";
import { StudioSchedule } from "../components/StudioSchedule.tsx";
import { StudioPremium } from "../components/PremiumParts.tsx";
import TagInput from "../islands/TagInput.tsx";
import Uploader from "../islands/Uploader.tsx";
import type { Sql } from "../lib/db/mod.ts";
import type { Storage } from "../lib/storage/mod.ts";
import { formatBytes } from "../lib/shared/bytes.ts";
import { listPendingUploads } from "../lib/uploads/pending.ts";
import type { Video } from "../lib/videos/access.ts";
import { deleteVideo } from "../lib/videos/manage.ts";
import { updateVideoMetadata } from "../lib/videos/metadata.ts";
import { listCategories } from "../lib/videos/categories.ts";
import { splitTagField } from "../lib/shared/tags.ts";
import { getProcessingStatus } from "../lib/videos/processing.ts";
import { requireUser } from "../middleware/auth.ts";
import { formPost, type FormState, formText } from "./_form.ts";
import { managedVideo } from "./_managed_video.ts";
import { page } from "./_render.tsx";
import { validate } from "./_validate.ts";
import { videoFormSchema } from "./_video_schemas.ts";
import { FocusFigures } from "../components/FocusFigures.tsx";
import { videoFocusFigures } from "../lib/focus/mod.ts";

import { mediaEditor } from "./_media_editor.tsx";

/** What the studio pages need. */
export interface StudioDeps {
  sql: Sql;
  kv: Deno.Kv;
  storage: Storage;
  maxBytes: number;
  /** The edit page's thumbnail and caption sections (routes/_media_editor.tsx). */
  secret: string;
  mediaBaseUrl: string;
}

/**
 * /upload (the Uploader island; creators only) and /studio/videos/:id (edit
 * metadata, processing status, delete); "My videos" is routes/studio_list.tsx.
 * The forms work without JavaScript.
 */
export function studioPageRoutes(deps: StudioDeps): Hono {
  const signedIn = requireUser({ signInPage: true });
  const managed = (c: Context) => managedVideo(c, deps.sql);
  return new Hono()
    .get("/upload", signedIn, async (c) => {
      const user = c.get("user")!;
      if (user.role === "viewer") {
        return page(
          c,
          <Layout title="Upload">
            <section class="form-card">
              <h1>Upload a video</h1>
              <p class="form-error" role="alert">
                Your account can watch videos but not upload them. Ask an administrator to make you
                a creator.
              </p>
            </section>
          </Layout>,
          403,
        );
      }
      const [categories, pending] = await Promise.all([
        listCategories(deps.sql),
        listPendingUploads(deps.sql, user.id),
      ]);
      const resume = z.uuid().safeParse(c.req.query("resume")).data;
      return page(
        c,
        <Layout title="Upload">
          <section class="form-card upload-page">
            <h1>Upload a video</h1>
            <p class="muted">
              MP4, WebM or MOV up to{" "}
              {formatBytes(deps.maxBytes)}. You can pause, close the tab and pick the same file
              again later to carry on.
            </p>
            <Uploader
              maxBytes={deps.maxBytes}
              categories={categories.map(({ slug, name }) => ({ slug, name }))}
              pending={pending}
              resume={resume}
            />
          </section>
        </Layout>,
      );
    })
    .get("/studio/videos/:id", signedIn, async (c) => {
      const video = await managed(c);
      return await editPage(c, video, { notice: c.req.query("saved") ? "Saved." : undefined });
    })
    .post(
      "/studio/videos/:id",
      signedIn,
      formPost(async (c, values) => {
        const video = await managed(c);
        const patch = validate(videoFormSchema, values);
        await updateVideoMetadata(deps.sql, { videoId: video.id, patch });
        return c.redirect(`/studio/videos/${video.id}?saved=1`, 303);
      }, { rerender: async (c, s, status) => await editPage(c, await managed(c), s, status) }),
    )
    .post("/studio/videos/:id/delete", signedIn, async (c) => {
      const video = await managed(c);
      const form = await formText(c);
      if (form.confirm !== "yes") {
        return await editPage(
          c,
          video,
          { errors: { confirm: "Tick the box to confirm that the video should go." } },
          400,
        );
      }
      await deleteVideo(deps, video.id);
      return c.redirect("/studio?deleted=1", 303);
    });

  async function editPage(
    c: Context,
    video: Video,
    s: FormState,
    status: ContentfulStatusCode = 200,
  ) {
    const [processing, categories, focus, media] = await Promise.all([
      getProcessingStatus(deps.sql, video.id).then((p) => p!),
      listCategories(deps.sql),
      videoFocusFigures(deps.sql, video.id),
      mediaEditor(deps, c, { video }),
    ]);
    const v = s.values ?? {
      title: video.title,
      description: video.description,
      tags: video.tags.join(", "),
      category: video.category ?? "",
      visibility: video.visibility,
    };
    return page(
      c,
      <Layout title={`Edit: ${video.title}`}>
        <section class="form-card studio-edit">
          <p class="muted">
            <a href="/studio">← My videos</a>
          </p>
          <h1>{video.title}</h1>
          <StudioStatus videoId={video.id} initial={processing} />
          <ReviewNotice video={video} resubmitted={!!c.req.query("resubmitted")} />
          <Form action={`/studio/videos/${video.id}`} error={s.error} notice={s.notice}>
            <Field
              name="title"
              label="Title"
              value={v.title}
              errors={s.errors}
              maxLength={200}
              required
            />
            <Field
              name="description"
              label="Description"
              value={v.description}
              errors={s.errors}
              multiline
              maxLength={5000}
            />
            <TagInput
              name="tags"
              initial={s.values ? splitTagField(v.tags ?? "") : video.tags}
              error={s.errors?.tags}
            />
            <div class="field">
              <label for="f-category">Category</label>
              <select
                id="f-category"
                name="category"
                aria-invalid={s.errors?.category ? "true" : undefined}
                aria-describedby={s.errors?.category ? "f-category-error" : undefined}
              >
                <option value="" selected={!v.category}>None</option>
                {categories.map((c) => (
                  <option key={c.slug} value={c.slug} selected={c.slug === v.category}>
                    {c.name}
                  </option>
                ))}
              </select>
              {s.errors?.category && (
                <p class="field-error" id="f-category-error">{s.errors.category}</p>
              )}
            </div>
            <fieldset class="field">
              <legend>Who can watch</legend>
              {(["public", "unlisted", "private"] as const).map((opt) => (
                <label key={opt} class="radio">
                  <input
                    type="radio"
                    name="visibility"
                    value={opt}
                    checked={v.visibility === opt}
                  />
                  {VISIBILITY_LABELS[opt]}
                </label>
              ))}
              {s.errors?.visibility && <p class="field-error">{s.errors.visibility}</p>}
            </fieldset>
            <button class="button" type="submit">Save</button>
          </Form>
        </section>
        <StudioSchedule video={video} />
        <StudioPremium video={video} />
        {media}
        <FocusFigures title="Focus mode on this video" figures={focus} />
        <section class="form-card danger-zone">
          <h2>Delete this video</h2>
          <form method="post" action={`/studio/videos/${video.id}/delete`}>
            <CsrfField />
            <label class="checkbox">
              <input type="checkbox" name="confirm" value="yes" required /> Yes, delete “{video
                .title}” and all its files. This cannot be undone.
            </label>
            {s.errors?.confirm && <p class="field-error">{s.errors.confirm}</p>}
            <button class="button danger" type="submit">Delete video</button>
          </form>
        </section>
      </Layout>,
      status,
    );
  }
}

const VISIBILITY_LABELS = {
  public: "Public: anyone, listed on the home page",
  unlisted: "Unlisted: anyone with the link",
  private: "Private: only you",
};
