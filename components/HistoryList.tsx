import type { HistoryEntry } from "../lib/history/mod.ts";
import { formatDuration } from "./VideoCard.tsx";
import { CsrfField } from "./CsrfField.tsx";
import { VideoThumb } from "./VideoThumb.tsx";

/** The /history page's entries: poster with a progress bar, title, creator, a Remove button. */
export function HistoryList(props: { entries: HistoryEntry[] }) {
  return (
    <ol class="history-list">
      {props.entries.map((e) => {
        const duration = e.durationS ?? 0;
        const percent = duration > 0
          ? Math.min(100, Math.round((e.positionS / duration) * 100))
          : 0;
        return (
          <li key={e.id} class="history-item">
            <div class="history-thumb">
              <VideoThumb
                id={e.id}
                posterUrl={e.posterUrl}
                durationS={e.durationS}
                class="playlist-item-thumb"
              />
              <progress
                class="history-progress"
                max={100}
                value={percent}
                aria-label={`Watched ${percent}% of ${e.title || "Untitled"}`}
              />
            </div>
            <div class="playlist-item-text">
              <a class="playlist-item-title" href={`/v/${e.id}`}>{e.title || "Untitled"}</a>
              <span class="muted">
                {e.ownerName} · {formatDuration(e.positionS)}
                {duration > 0 && <>{" of "}{formatDuration(duration)}</>}
              </span>
            </div>
            <form method="post" action={`/history/${e.id}/remove`}>
              <CsrfField />
              <button
                type="submit"
                class="icon-button"
                aria-label={`Remove from history: ${e.title || "Untitled"}`}
              >
                ✕
              </button>
            </form>
          </li>
        );
      })}
    </ol>
  );
}
