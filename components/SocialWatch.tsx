import { useContext } from "preact/hooks";
import FollowButton from "../islands/FollowButton.tsx";
import LikeButtons from "../islands/LikeButtons.tsx";
import { countText, type FollowState } from "../lib/shared/social.ts";
import type { WatchSocial } from "../lib/social/watch.ts";
import { SessionContext } from "./session.ts";

/**
 * The owner's name, follower count and Follow button (for a signed-in viewer
 * other than the owner), then the like buttons: the watch page's community row.
 */
export function SocialWatch(
  props: { video: { id: string; ownerId: string; ownerName: string }; social: WatchSocial },
) {
  const { user, csrfToken } = useContext(SessionContext);
  const { video, social } = props;
  return (
    <div class="watch-social">
      <div class="watch-owner">
        <a class="watch-owner-name" href={`/u/${video.ownerId}`}>{video.ownerName}</a>
        {user && user.id !== video.ownerId
          ? (
            <FollowButton
              creatorId={video.ownerId}
              creatorName={video.ownerName}
              initial={social.follow}
              back={`/v/${video.id}`}
              csrfToken={csrfToken ?? ""}
              showCount
            />
          )
          : <span class="follower-count">{countText(social.follow.followers, "follower")}</span>}
      </div>
      <LikeButtons
        videoId={video.id}
        initial={social.reactions}
        signedIn={!!user}
        csrfToken={csrfToken ?? ""}
      />
    </div>
  );
}

/**
 * A Follow button for a creator (nothing for nobody or for the creator
 * themself); without JavaScript its form comes back to `back` (default: the channel).
 */
export function ChannelFollow(
  props: { creator: { id: string; displayName: string }; follow: FollowState; back?: string },
) {
  const { user, csrfToken } = useContext(SessionContext);
  if (!user || user.id === props.creator.id) return null;
  return (
    <FollowButton
      creatorId={props.creator.id}
      creatorName={props.creator.displayName}
      initial={props.follow}
      back={props.back ?? `/u/${props.creator.id}`}
      csrfToken={csrfToken ?? ""}
    />
  );
}
