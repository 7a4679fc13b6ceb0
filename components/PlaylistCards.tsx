import { countText } from "../lib/shared/social.ts";
import type { Playlist } from "../lib/playlists/mod.ts";

/** "1 video", "12 videos". */
export function formatVideoCount(n: number): string {
  return countText(n, "video");
}

/** Who may open a playlist, in words. */
export const PRIVACY_LABELS = {
  public: "Public",
  unlisted: "Unlisted",
  private: "Private",
} as const;

/** A list of playlists (the /playlists page, a channel): title, count, privacy. */
export function PlaylistCards(props: { playlists: Playlist[]; showPrivacy?: boolean }) {
  return (
    <ul class="playlist-cards">
      {props.playlists.map((p) => (
        <li key={p.id} class="playlist-card">
          <span class="playlist-card-icon" aria-hidden="true">☰</span>
          <div>
            <h3 class="playlist-card-title">
              <a href={`/p/${p.id}`}>{p.title}</a>
            </h3>
            <p class="video-meta">
              {formatVideoCount(p.videoCount)}
              {props.showPrivacy && <>{" · "}{PRIVACY_LABELS[p.visibility]}</>}
            </p>
          </div>
        </li>
      ))}
    </ul>
  );
}

/** A channel's public playlists (nothing when it has none). */
export function ChannelPlaylists(props: { playlists: Playlist[] }) {
  if (props.playlists.length === 0) return null;
  return (
    <section class="channel-playlists" aria-labelledby="channel-playlists-title">
      <h2 id="channel-playlists-title">Playlists</h2>
      <PlaylistCards playlists={props.playlists} />
    </section>
  );
}
