import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";
import { CsrfField } from "../components/CsrfField.tsx";
import { Field, Form } from "../components/Form.tsx";
import { Layout } from "../components/Layout.tsx";
import { ReviewNotice } from "../components/ReviewNotice.tsx";
import { formatDuration } from "../components/VideoCard.tsx";
import { formatViews } from "../components/format.ts";
import ProcessingStatus from "../islands/ProcessingStatus.tsx";
import TagInput from "../islands/TagInput.tsx";
import Uploader from "../islands/Uploader.tsx";
import type { Sql } from "../lib/db/mod.ts";
import { NotFoundError } from "../lib/errors.ts";
import type { Storage } from "../lib/storage/mod.ts";
import { formatBytes } from "../lib/uploads/create.ts";
import { findManagedVideo, listOwnVideos, type Video } from "../lib/videos/access.ts";
import { deleteVideo } from "../lib/videos/manage.ts";
import { updateVideoMetadata } from "../lib/videos/metadata.ts";
import { listCategories } from "../lib/videos/categories.ts";
import { splitTagField } from "../lib/shared/tags.ts";
import { hasFailed, isInProgress, isTerminal, statusLabel } from "../lib/videos/lifecycle.ts";
import { getProcessingStatus, type ProcessingStatus as Status } from "../lib/videos/processing.ts";
import { requireUser } from "../middleware/auth.ts";
import { formPost, type FormState, formText } from "./_form.ts";
import { page } from "./_render.tsx";
import { validate } from "./_validate.ts";
import { videoFormSchema } from "./_video_schemas.ts";

/** What the studio pages need. */
export interface StudioDeps {
  sql: Sql;
  kv: Deno.Kv;
  storage: Storage;
  maxBytes: number;
}

/**
 * /upload (the Uploader island; creators only), /studio ("My videos") and
 * /studio/videos/:id (edit metadata, processing status, delete). The forms
 * work without JavaScript.
 */
export function studioPageRoutes(deps: StudioDeps): Hono {
  const signedIn = requireUser({ signInPage: true });
  const managed = async (c: Context) => {
    const id = z.uuid().safeParse(c.req.param("id"));
    if (!id.success) throw new NotFoundError("We could not find that video.");
    return await findManagedVideo(deps.sql, { videoId: id.data, viewer: c.get("user") });
  };
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
      const categories = await listCategories(deps.sql);
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
            />
          </section>
        </Layout>,
      );
    })
    .get("/studio", signedIn, async (c) => {
      const videos = await listOwnVideos(deps.sql, { ownerId: c.get("user")!.id, limit: 100 });
      const statuses = await Promise.all(videos.map((v) => getProcessingStatus(deps.sql, v.id)));
      return page(
        c,
        <Layout title="My videos">
          <section class="studio">
            <div class="studio-head">
              <h1>My videos</h1>
              <a class="button secondary" href="/studio/analytics">Analytics</a>
              <a class="button" href="/upload">Upload</a>
            </div>
            {c.req.query("deleted") && <p class="form-notice" role="status">Video deleted.</p>}
            {videos.length === 0
              ? <p class="muted">No videos yet. Upload your first one.</p>
              : (
                <ul class="studio-list">
                  {videos.map((v, i) => <StudioRow key={v.id} video={v} status={statuses[i]} />)}
                </ul>
              )}
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
    const [processing, categories] = await Promise.all([
      getProcessingStatus(deps.sql, video.id).then((p) => p!),
      listCategories(deps.sql),
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
          <p class="studio-status">
            <span class={`status-badge status-${processing.status}`}>
              {statusLabel(processing.status)}
            </span>{" "}
            <a href={`/v/${video.id}`}>{processing.playable ? "Watch" : "Watch page"}</a>
          </p>
          <ReviewNotice video={video} resubmitted={!!c.req.query("resubmitted")} />
          {hasFailed(processing.status)
            ? (
              <p class="form-error" role="alert">
                {processing.error ?? "This file could not be processed."}
              </p>
            )
            : isTerminal(processing.status)
            ? null
            : <ProcessingStatus videoId={video.id} initial={processing} reload={false} />}
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

function StudioRow(props: { video: Video; status: Status | undefined }) {
  const { video: v } = props;
  const s = props.status ?? { status: v.status, progress: 0, error: null, playable: false };
  const busy = isInProgress(s.status);
  return (
    <li class="studio-row">
      <div class="studio-row-main">
        <a class="studio-title" href={`/studio/videos/${v.id}`}>{v.title || "Untitled"}</a>
        <span class="muted">
          {[
            v.visibility,
            ...(v.durationS !== null ? [formatDuration(v.durationS)] : []),
            formatViews(v.viewCount),
          ].join(" · ")}
        </span>
      </div>
      <div class="studio-row-status">
        <span class={`status-badge status-${s.status}`}>
          {statusLabel(s.status)}
          {busy && ` ${Math.floor(s.progress)}%`}
        </span>
        {busy && <progress max={100} value={s.progress} aria-label="Processing progress" />}
        {hasFailed(s.status) && s.error && <span class="field-error">{s.error}</span>}
      </div>
      <div class="studio-row-links">
        <a href={`/studio/videos/${v.id}`}>Edit</a>
        {s.playable && <a href={`/v/${v.id}`}>Watch</a>}
      </div>
    </li>
  );
}
