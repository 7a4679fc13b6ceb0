import type { ThumbnailView } from "../lib/thumbnails/urls.ts";
import { MAX_THUMBNAIL_BYTES } from "../lib/thumbnails/probe.ts";
import { CsrfField } from "./CsrfField.tsx";
import { MediaField } from "./MediaField.tsx";
import { formatDuration } from "./VideoCard.tsx";
import type { MediaFormState } from "./CaptionsEditor.tsx";

function caption(t: ThumbnailView): string {
  if (t.kind === "upload") return "Your image";
  if (t.name === "auto") return "Automatic";
  return `At ${formatDuration(t.atS ?? 0)}`;
}

/**
 * The edit page's thumbnail section: the frames taken while processing and
 * an uploaded image as radio choices (each a picture with a srcset), and a
 * form to upload an image. Plain forms (routes/media_edit_pages.tsx).
 */
export function ThumbnailPicker(
  props: {
    videoId: string;
    thumbnails: ThumbnailView[];
    current: string | null;
    state?: MediaFormState;
    notice?: string;
  },
) {
  const base = `/studio/videos/${props.videoId}`;
  const ready = props.thumbnails.filter((t) => t.src);
  const pending = props.thumbnails.find((t) => t.state === "pending");
  const failed = props.thumbnails.find((t) => t.state === "unusable" && t.kind === "upload");
  const s = props.state ?? {};
  return (
    <section class="form-card media-edit" id="thumbnail" aria-labelledby="thumbnail-heading">
      <h2 id="thumbnail-heading">Thumbnail</h2>
      {props.notice && <p class="form-notice" role="status">{props.notice}</p>}
      {s.error && <p class="form-error" role="alert">{s.error}</p>}
      {pending && (
        <p class="form-notice" role="status">
          Your image is being resized; reload the page in a moment to see it.
        </p>
      )}
      {failed && !pending && (
        <p class="form-error">Your last image could not be used: {failed.error}</p>
      )}
      {ready.length === 0
        ? (
          <p class="muted">
            Frames to choose from are made when the video is processed. You can upload an image
            instead.
          </p>
        )
        : (
          <form method="post" action={`${base}/thumbnail`}>
            <CsrfField />
            <fieldset class="thumb-picker">
              <legend>Choose the picture shown on cards and before playback</legend>
              {ready.map((t) => (
                <label key={t.name} class="thumb-option">
                  <input
                    type="radio"
                    name="name"
                    value={t.name}
                    checked={t.name === props.current}
                    required
                  />
                  <img
                    src={t.src!}
                    srcset={t.srcset ?? undefined}
                    sizes="(max-width: 560px) 45vw, 180px"
                    alt=""
                    loading="lazy"
                  />
                  <span>{caption(t)}</span>
                </label>
              ))}
            </fieldset>
            <button class="button" type="submit">Use this thumbnail</button>
          </form>
        )}
      <form
        method="post"
        action={`${base}/thumbnails`}
        enctype="multipart/form-data"
        class="thumb-upload"
      >
        <CsrfField />
        <MediaField
          id="thumb-image"
          name="image"
          type="file"
          label="Upload an image"
          accept="image/jpeg,image/png,image/webp"
          hint={`JPEG, PNG or WebP, up to ${
            MAX_THUMBNAIL_BYTES / 1024 / 1024
          } MiB; 1280 pixels wide or more looks best.`}
          errors={s.errors}
        />
        <button class="button secondary" type="submit">Upload image</button>
      </form>
    </section>
  );
}
