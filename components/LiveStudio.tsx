import LiveKeyCopy from "../islands/LiveKeyCopy.tsx";
import StudioLocalTimes from "../islands/StudioLocalTimes.tsx";
import type { LiveStream } from "../lib/live/streams.ts";
import { absoluteDate } from "../lib/shared/dates.ts";
import { STREAM_LABELS } from "../lib/shared/live_states.ts";
import { CsrfField } from "./CsrfField.tsx";
import { Field, type FieldErrors, Form } from "./Form.tsx";

/** The new-stream form: title, description, visibility, optional start time, recording. */
export function LiveStreamForm(
  props: { values?: Record<string, string>; errors?: FieldErrors; error?: string },
) {
  const v = props.values ?? {};
  return (
    <section class="form-card live-studio-new" aria-labelledby="live-new-title">
      <h2 id="live-new-title">New stream</h2>
      <Form action="/studio/live" error={props.error}>
        <Field name="title" label="Title" value={v.title} errors={props.errors} required />
        <Field
          name="description"
          label="Description"
          value={v.description}
          errors={props.errors}
          multiline
        />
        <div class="field">
          <label for="f-visibility">Visibility</label>
          <select id="f-visibility" name="visibility">
            {["public", "unlisted", "private"].map((o) => (
              <option value={o} selected={(v.visibility ?? "public") === o}>{o}</option>
            ))}
          </select>
        </div>
        <input type="hidden" name="tz" value="UTC" data-local-zone-field />
        <Field
          name="scheduledAt"
          type="datetime-local"
          label="Scheduled start (optional)"
          value={v.scheduledAt}
          errors={props.errors}
        />
        <div class="field">
          <label class="checkbox">
            <input
              type="checkbox"
              name="saveRecording"
              value="on"
              checked={v.saveRecording !== "off"}
            />{" "}
            Save the recording as a video when the stream ends
          </label>
        </div>
        <button class="button" type="submit">Create stream</button>
      </Form>
      <StudioLocalTimes />
    </section>
  );
}

/** A stream's key, shown once (after creating or rotating), with the encoder settings. */
export function LiveKeyCard(props: { stream: LiveStream; rtmpUrl: string; streamKey: string }) {
  return (
    <section class="form-card live-key" aria-labelledby="live-key-title">
      <h2 id="live-key-title">Your stream key for “{props.stream.title}”</h2>
      <p class="form-notice" role="status">
        Copy the key now: it is shown only this once. Rotate it if it leaks.
      </p>
      <LiveKeyCopy label="Server (RTMP URL)" value={props.rtmpUrl} id="live-url" />
      <LiveKeyCopy label="Stream key" value={props.streamKey} id="live-key" secret />
      <p class="muted">
        In OBS: Settings → Stream → Service “Custom…”, then these two values. Output: H.264 and AAC,
        keyframe interval 2 s.
      </p>
      <p>
        <a href={`/v/${props.stream.videoId}`}>Open the stream's page</a> ·{" "}
        <a href="/studio/live">All streams</a>
      </p>
    </section>
  );
}

/** The creator's streams with their state and actions. */
export function LiveStreamList(props: { streams: LiveStream[] }) {
  if (!props.streams.length) return <p class="muted">No streams yet.</p>;
  return (
    <ul class="live-studio-list">
      {props.streams.map((s) => (
        <li class="live-studio-item">
          <div>
            <a href={`/v/${s.videoId}`} class="live-studio-title">{s.title}</a>
            <p class="muted">
              <span class={`live-state live-state-${s.state}`}>{STREAM_LABELS[s.state]}</span>
              {" · key …"}
              {s.keyHint}
              {s.scheduledAt && (
                <>
                  {" · starts "}
                  <time dateTime={s.scheduledAt.toISOString()} data-local="absolute">
                    {absoluteDate(s.scheduledAt)}
                  </time>
                </>
              )}
              {s.endReason && <>{" · "}{s.endReason}</>}
            </p>
          </div>
          {s.state !== "ended" && (
            <div class="live-studio-actions">
              <form method="post" action={`/studio/live/${s.videoId}/key`}>
                <CsrfField />
                <button class="button secondary" type="submit">Rotate key</button>
              </form>
              <form method="post" action={`/studio/live/${s.videoId}/stop`}>
                <CsrfField />
                <button class="button secondary danger" type="submit">End stream</button>
              </form>
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}
