import type { ChatPanel } from "../lib/chat/panel.ts";
import LiveChat from "../islands/LiveChat.tsx";

/**
 * The watch page's chat (a stream's, or its replay beside the recording),
 * placed in the page right after the player: on a phone it reads there, under
 * the video and before the description and comments; on a wide screen the
 * stylesheet lifts it into the side column, above next up. A disclosure
 * (open at first) lets the viewer fold it away, without JavaScript.
 */
export function WatchChat(props: { videoId: string; chat: ChatPanel }) {
  return (
    <section class="watch-chat" aria-labelledby="watch-chat-title">
      <details class="watch-chat-fold" open>
        <summary class="watch-chat-summary">
          <h2 id="watch-chat-title">Chat</h2>
        </summary>
        <LiveChat videoId={props.videoId} initial={props.chat} />
      </details>
    </section>
  );
}
