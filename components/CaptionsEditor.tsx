import type { CaptionTrack } from "../lib/captions/store.ts";
import { MAX_CAPTION_BYTES, MAX_CUES } from "../lib/captions/parse.ts";
import { CsrfField } from "./CsrfField.tsx";
import { MediaField } from "./MediaField.tsx";
import type { FieldErrors } from "./Form.tsx";

/** What a failed caption form left: the values kept, field errors, a message. */
export interface MediaFormState {
  values?: Record<string, string>;
  errors?: FieldErrors;
  error?: string;
}

/**
 * The edit page's captions section: the tracks (replace with a new file,
 * delete) and a form to add one. Plain forms, so it works without JavaScript;
 * the routes are in routes/media_edit_pages.tsx.
 */
export function CaptionsEditor(
  props: { videoId: string; tracks: CaptionTrack[]; state?: MediaFormState; notice?: string },
) {
  const base = `/studio/videos/${props.videoId}/captions`;
  const s = props.state ?? {};
  return (
    <section class="form-card media-edit" id="captions" aria-labelledby="captions-heading">
      <h2 id="captions-heading">Captions</h2>
      <p class="muted">
        WebVTT (.vtt) or SubRip (.srt), one file per language, up to{" "}
        {MAX_CAPTION_BYTES / 1024 / 1024} MiB and {MAX_CUES.toLocaleString("en")}{" "}
        cues. Viewers pick them from the player's CC menu.
      </p>
      {props.notice && <p class="form-notice" role="status">{props.notice}</p>}
      {s.error && <p class="form-error" role="alert">{s.error}</p>}
      {props.tracks.length > 0 && (
        <ul class="caption-list">
          {props.tracks.map((t) => (
            <li key={t.lang} class="caption-row">
              <div>
                <strong>{t.label}</strong> <span class="muted">({t.lang})</span>
                <span class="muted caption-meta">
                  {t.cueCount} cue{t.cueCount === 1 ? "" : "s"}
                </span>
              </div>
              <form
                method="post"
                action={base}
                enctype="multipart/form-data"
                class="caption-replace"
              >
                <CsrfField />
                <input type="hidden" name="lang" value={t.lang} />
                <input type="hidden" name="label" value={t.label} />
                <label>
                  <span class="visually-hidden">New file for {t.label}</span>
                  <input type="file" name="file" accept=".vtt,.srt,text/vtt" required />
                </label>
                <button class="button secondary" type="submit">Replace</button>
              </form>
              <form method="post" action={`${base}/${t.lang}/delete`}>
                <CsrfField />
                <button class="button danger" type="submit" aria-label={`Delete ${t.label}`}>
                  Delete
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <form method="post" action={base} enctype="multipart/form-data" novalidate>
        <CsrfField />
        <h3>Add captions</h3>
        <div class="caption-add">
          <MediaField
            id="cap-lang"
            name="lang"
            label="Language tag"
            maxLength={35}
            placeholder="en, pt-BR"
            value={s.values?.lang}
            errors={s.errors}
          />
          <MediaField
            id="cap-label"
            name="label"
            label="Label"
            maxLength={80}
            placeholder="English"
            value={s.values?.label}
            errors={s.errors}
          />
        </div>
        <MediaField
          id="cap-file"
          name="file"
          type="file"
          label="Caption file"
          accept=".vtt,.srt,text/vtt"
          errors={s.errors}
        />
        <button class="button" type="submit">Upload captions</button>
      </form>
    </section>
  );
}
