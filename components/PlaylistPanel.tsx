import type { WatchPlaylist } from "../lib/playlists/mod.ts";
import NextUp from "../islands/NextUp.tsx";
import { VideoThumb } from "./VideoThumb.tsx";

/**
 * The watch page's panel when a video plays from a playlist (`?list=`): the
 * playlist's title, owner and members, the playing one marked
 * (aria-current), and the NextUp island pointed at the next member, so the
 * list continues when the player reports that the video ended.
 */
export function PlaylistPanel(props: { list: WatchPlaylist; playing: boolean }) {
  const { playlist, items, current, next } = props.list;
  const href = (id: string) => `/v/${id}?list=${playlist.id}`;
  return (
    <section class="playlist-panel" aria-labelledby="playlist-panel-title">
      <div class="next-up-head">
        <div>
          <h2 id="playlist-panel-title">
            <a href={`/p/${playlist.id}`}>{playlist.title}</a>
          </h2>
          <p class="video-meta">
            {playlist.ownerName} · {current >= 0 ? `${current + 1} / ` : ""}
            {items.length}
          </p>
        </div>
        {props.playing && next && <NextUp nextHref={href(next.id)} nextTitle={next.title} />}
      </div>
      <ol class="playlist-panel-list">
        {items.map((v, i) => (
          <li
            key={v.id}
            class="playlist-panel-item"
            aria-current={i === current ? "true" : undefined}
          >
            <span class="playlist-item-index" aria-hidden="true">
              {i === current ? "▶" : i + 1}
            </span>
            <VideoThumb
              id={v.id}
              posterUrl={v.posterUrl}
              durationS={v.durationS}
              href={href(v.id)}
              class="next-up-thumb"
            />
            <div>
              <h3 class="next-up-title">
                <a href={href(v.id)}>{v.title || "Untitled"}</a>
              </h3>
              <p class="video-meta">{v.ownerName}</p>
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
