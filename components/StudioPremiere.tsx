import StudioLocalTimes from "../islands/StudioLocalTimes.tsx";
import { absoluteDate } from "../lib/shared/dates.ts";

/**
 * In place of the player, for everyone but the video's managers while its
 * publish time is ahead: when it premieres, in the viewer's time zone. No
 * poster: the media edge serves nothing of a scheduled video to others yet.
 */
export function StudioPremiere(props: { at: Date }) {
  return (
    <div class="processing studio-premiere" role="status">
      <p class="studio-premiere-label">Premieres</p>
      <p class="studio-premiere-time">
        <time dateTime={props.at.toISOString()} data-local="absolute">
          {absoluteDate(props.at)}
        </time>
      </p>
      <p class="muted">Come back then to watch it.</p>
      <StudioLocalTimes />
    </div>
  );
}
