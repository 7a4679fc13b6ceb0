import type { ChatMessage } from "../lib/shared/chat.ts";

/** What a moderator can do to a message from its menu. */
export type ChatAction = "delete" | "timeout" | "ban";

/**
 * One chat message: author and text (plain text, rendered as text: markup in
 * it stays inert), and for moderators (or the author: delete only) a menu of
 * actions in a <details>, reachable and operable by keyboard.
 */
export function ChatLine(
  props: {
    message: ChatMessage;
    canModerate: boolean;
    mine: boolean;
    onAction: (action: ChatAction, message: ChatMessage) => void;
  },
) {
  const { message: m } = props;
  const time = new Date(m.createdAt);
  return (
    <li class="chat-line" data-message-id={m.id}>
      <span class="chat-author">{m.author.name}</span> <span class="chat-body">{m.body}</span>
      <time class="visually-hidden" dateTime={m.createdAt}>
        {` at ${time.toISOString().slice(11, 16)} UTC`}
      </time>
      {(props.canModerate || props.mine) && (
        <details class="chat-menu">
          <summary aria-label={`Actions for the message by ${m.author.name}`}>⋯</summary>
          <div class="chat-menu-items">
            <button type="button" class="button small" onClick={() => props.onAction("delete", m)}>
              Delete message
            </button>
            {props.canModerate && !props.mine && (
              <>
                <button
                  type="button"
                  class="button small secondary"
                  onClick={() => props.onAction("timeout", m)}
                >
                  Time out {m.author.name} for 10 minutes
                </button>
                <button
                  type="button"
                  class="button small danger"
                  onClick={() => props.onAction("ban", m)}
                >
                  Ban {m.author.name} from the chat
                </button>
              </>
            )}
          </div>
        </details>
      )}
    </li>
  );
}
