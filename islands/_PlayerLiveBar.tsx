import type { PlayerLive } from "./_player_live.ts";

/** The live badge, viewer count and "jump to live" over the player (nothing for a video). */
export function PlayerLiveBar(props: { live: PlayerLive }) {
  const { live } = props;
  if (!live.state) return null;
  return (
    <div class="player-live" data-behind={live.behind ? "true" : undefined}>
      <span class={live.onAir && !live.behind ? "live-badge on" : "live-badge"} role="status">
        {live.label}
      </span>
      <span class="live-viewers">
        {live.viewers} {live.viewers === 1 ? "viewer" : "viewers"}
      </span>
      {live.behind && (
        <button type="button" class="live-jump" onClick={live.jumpToLive}>Jump to live</button>
      )}
    </div>
  );
}
