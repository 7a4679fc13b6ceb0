import type { CreatorSuggestion } from "../lib/social/suggestions.ts";
import { countText } from "../lib/shared/social.ts";
import { ChannelFollow } from "./SocialWatch.tsx";

/**
 * The empty follow feed: what the feed is for, and creators to follow (each
 * with a link to their channel and a Follow button that comes back to /feed).
 */
export function FollowSuggestions(props: { creators: CreatorSuggestion[]; following: boolean }) {
  return (
    <section class="feed-empty" aria-labelledby="feed-empty-title">
      <h2 id="feed-empty-title">
        {props.following ? "No new videos from the creators you follow" : "Follow creators"}
      </h2>
      <p class="muted">
        When creators you follow publish a video, it appears here, newest first.
      </p>
      {props.creators.length > 0 && (
        <>
          <h3>Creators to follow</h3>
          <ul class="creator-list">
            {props.creators.map((cr) => (
              <li key={cr.id} class="creator-item">
                {cr.avatarUrl
                  ? <img class="avatar small" src={cr.avatarUrl} alt="" width={40} height={40} />
                  : <span class="avatar small" aria-hidden="true">{[...cr.displayName][0]}</span>}
                <span class="creator-text">
                  <a href={`/u/${cr.id}`}>{cr.displayName}</a>
                  <span class="muted">{countText(cr.followers, "follower")}</span>
                </span>
                <ChannelFollow
                  creator={cr}
                  follow={{ following: false, followers: cr.followers }}
                  back="/feed"
                />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
