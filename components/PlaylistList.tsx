import type { PlaylistItem } from "../lib/playlists/mod.ts";
import { VideoThumb } from "./VideoThumb.tsx";

/** A playlist's members as a visitor sees them, numbered, each opening the watch page in the list. */
export function PlaylistList(props: { playlistId: string; items: PlaylistItem[] }) {
  if (props.items.length === 0) return <p class="muted">No videos in this playlist yet.</p>;
  return (
    <ol class="playlist-items">
      {props.items.map((v, i) => {
        const href = `/v/${v.id}?list=${props.playlistId}`;
        return (
          <li key={v.id} class="playlist-item">
            <span class="playlist-item-index" aria-hidden="true">{i + 1}</span>
            <VideoThumb
              id={v.id}
              posterUrl={v.posterUrl}
              durationS={v.durationS}
              href={href}
              class="playlist-item-thumb"
            />
            <div class="playlist-item-text">
              <a class="playlist-item-title" href={href}>{v.title || "Untitled"}</a>
              <span class="muted">{v.ownerName}</span>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
