import type { Context } from "hono";
import { CaptionsEditor, type MediaFormState } from "../components/CaptionsEditor.tsx";
import { ThumbnailPicker } from "../components/ThumbnailPicker.tsx";
import type { Sql } from "../lib/db/mod.ts";
import { listCaptions } from "../lib/captions/store.ts";
import { currentThumbnail, listThumbnails } from "../lib/thumbnails/store.ts";
import { thumbnailViews } from "../lib/thumbnails/urls.ts";
import type { Video } from "../lib/videos/access.ts";

/** What the edit page's media sections need. */
export interface MediaEditorDeps {
  sql: Sql;
  secret: string;
  mediaBaseUrl: string;
}

// Fixed sentences chosen by the query (never the query's text itself).
const NOTICES: Record<string, Record<string, string>> = {
  captions: { saved: "Captions saved.", deleted: "Captions deleted." },
  thumbnail: {
    chosen: "Thumbnail saved.",
    uploaded: "Image received. It becomes the thumbnail once it has been resized.",
  },
};

/**
 * The edit page's thumbnail and captions sections (routes/studio_pages.tsx
 * shows them; routes/media_edit_pages.tsx re-renders them with a form's
 * errors), with the notice a redirect asked for (`?captions=saved` …).
 */
export async function mediaEditor(
  deps: MediaEditorDeps,
  c: Context,
  options: { video: Video; captions?: MediaFormState; thumbnail?: MediaFormState },
) {
  const { video } = options;
  const [tracks, thumbnails, current] = await Promise.all([
    listCaptions(deps.sql, video.id),
    listThumbnails(deps.sql, video.id),
    currentThumbnail(deps.sql, video.id),
  ]);
  const notice = (k: string) => NOTICES[k][c.req.query(k) ?? ""];
  return (
    <>
      <ThumbnailPicker
        videoId={video.id}
        thumbnails={thumbnailViews(
          deps,
          { videoId: video.id, viewerId: c.get("user")!.id },
          thumbnails,
        )}
        current={current}
        state={options.thumbnail}
        notice={notice("thumbnail")}
      />
      <CaptionsEditor
        videoId={video.id}
        tracks={tracks}
        state={options.captions}
        notice={notice("captions")}
      />
    </>
  );
}
