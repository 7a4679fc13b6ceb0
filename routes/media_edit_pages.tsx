import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";
import { Layout } from "../components/Layout.tsx";
import type { MediaFormState } from "../components/CaptionsEditor.tsx";
import { deleteCaption, saveCaption } from "../lib/captions/store.ts";
import { NotFoundError } from "../lib/errors.ts";
import type { Storage } from "../lib/storage/mod.ts";
import { chooseThumbnail } from "../lib/thumbnails/store.ts";
import { acceptThumbnailUpload } from "../lib/thumbnails/upload.ts";
import { findManagedVideo } from "../lib/videos/access.ts";
import { requireUser } from "../middleware/auth.ts";
import { formPost, type FormState, formText } from "./_form.ts";
import { mediaEditor, type MediaEditorDeps } from "./_media_editor.tsx";
import { page } from "./_render.tsx";
import { captionUpload, thumbnailUpload } from "./_upload_field.ts";

/** What the caption and thumbnail forms need. */
export interface MediaEditPageDeps extends MediaEditorDeps {
  storage: Storage;
  ffprobePath: string;
}

/**
 * The edit page's caption and thumbnail forms (shown by routes/studio_pages.tsx
 * through routes/_media_editor.tsx): POST /studio/videos/:id/captions (add or
 * replace), …/captions/:lang/delete, …/thumbnail (choose) and …/thumbnails
 * (upload). Each redirects back to the edit page; a problem a person can fix
 * shows the sections again with the message and the status it deserves.
 */
export function mediaEditPageRoutes(deps: MediaEditPageDeps): Hono {
  const signedIn = requireUser({ signInPage: true });
  const managed = async (c: Context) => {
    const id = z.uuid().safeParse(c.req.param("id"));
    if (!id.success) throw new NotFoundError("We could not find that video.");
    return await findManagedVideo(deps.sql, { videoId: id.data, viewer: c.get("user") });
  };
  const back = (c: Context, id: string, notice: string, anchor: string) =>
    c.redirect(`/studio/videos/${id}?${notice}#${anchor}`, 303);
  const again =
    (section: "captions" | "thumbnail") =>
    async (c: Context, s: FormState, status: ContentfulStatusCode) => {
      const video = await managed(c);
      const state: MediaFormState = { ...s, values: await formText(c).catch(() => ({})) };
      return page(
        c,
        <Layout title={`Edit: ${video.title}`}>
          <p class="media-edit-back">
            <a href={`/studio/videos/${video.id}`}>← Back to “{video.title}”</a>
          </p>
          {await mediaEditor(deps, c, { video, [section]: state })}
        </Layout>,
        status,
      );
    };
  return new Hono()
    .post(
      "/studio/videos/:id/captions",
      signedIn,
      formPost(async (c) => {
        const video = await managed(c);
        const upload = await captionUpload(c);
        await saveCaption(deps, video.id, upload);
        return back(c, video.id, "captions=saved", "captions");
      }, { values: false, rerender: again("captions") }),
    )
    .post(
      "/studio/videos/:id/captions/:lang/delete",
      signedIn,
      formPost(async (c) => {
        const video = await managed(c);
        await deleteCaption(deps, video.id, c.req.param("lang") ?? "");
        return back(c, video.id, "captions=deleted", "captions");
      }, { rerender: again("captions") }),
    )
    .post(
      "/studio/videos/:id/thumbnail",
      signedIn,
      formPost(async (c, values) => {
        const video = await managed(c);
        await chooseThumbnail(deps.sql, video.id, values.name ?? "");
        return back(c, video.id, "thumbnail=chosen", "thumbnail");
      }, { rerender: again("thumbnail") }),
    )
    .post(
      "/studio/videos/:id/thumbnails",
      signedIn,
      formPost(async (c) => {
        const video = await managed(c);
        await acceptThumbnailUpload(deps, video, await thumbnailUpload(c));
        return back(c, video.id, "thumbnail=uploaded", "thumbnail");
      }, { values: false, field: "image", rerender: again("thumbnail") }),
    );
}
