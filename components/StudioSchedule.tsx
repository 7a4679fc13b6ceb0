import StudioLocalTimes from "../islands/StudioLocalTimes.tsx";
import { absoluteDate } from "../lib/shared/dates.ts";
import { SCHEDULABLE_STATES, type VideoState } from "../lib/videos/lifecycle.ts";
import { CsrfField } from "./CsrfField.tsx";

/**
 * "Publish at…" on the edit page: a date and time in the viewer's time zone
 * (the StudioLocalTimes island fills the hidden zone field and names the zone;
 * without JavaScript the time is read as UTC, and the form says so), and the
 * pending schedule with a button to remove it.
 */
export function StudioSchedule(
  props: {
    video: { id: string; status: VideoState; publishAt: Date | null };
    error?: string;
  },
) {
  const { video: v } = props;
  const schedulable = (SCHEDULABLE_STATES as readonly string[]).includes(v.status);
  if (!schedulable && !v.publishAt && !props.error) return null;
  return (
    <section class="form-card studio-schedule" aria-labelledby="studio-schedule-title">
      <h2 id="studio-schedule-title">Scheduled publishing</h2>
      {v.publishAt
        ? (
          <div class="studio-schedule-now">
            <p>
              Goes public{" "}
              <strong>
                <time dateTime={v.publishAt.toISOString()} data-local="absolute">
                  {absoluteDate(v.publishAt)}
                </time>
              </strong>. Until then only you can watch it; others see when it premieres.
            </p>
            <form method="post" action={`/studio/videos/${v.id}/unschedule`}>
              <CsrfField />
              <button class="button secondary" type="submit">Remove the schedule</button>
            </form>
          </div>
        )
        : <p class="muted">Choose when this video goes public; it stays hidden until then.</p>}
      {!schedulable && props.error && <p class="form-error" role="alert">{props.error}</p>}
      {schedulable && (
        <form class="studio-schedule-form" method="post" action={`/studio/videos/${v.id}/schedule`}>
          <CsrfField />
          <input type="hidden" name="tz" value="UTC" data-local-zone-field />
          <div class="field">
            <label for="f-publish-at">
              {v.publishAt ? "Move to" : "Publish at"} (time zone: <span data-local-zone>UTC</span>)
            </label>
            <input
              id="f-publish-at"
              type="datetime-local"
              name="publishAt"
              required
              aria-invalid={props.error ? "true" : undefined}
              aria-describedby={props.error ? "f-publish-at-error" : undefined}
            />
            {props.error && <p class="field-error" id="f-publish-at-error">{props.error}</p>}
          </div>
          <button class="button" type="submit">Schedule</button>
        </form>
      )}
      <StudioLocalTimes />
    </section>
  );
}
