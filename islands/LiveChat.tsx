import { useEffect, useRef, useState } from "preact/hooks";
import { defineIsland } from "../lib/islands/define.tsx";
import {
  type ChatAbilities,
  type ChatMessage,
  type ChatRoomState,
  type ChatServerFrame,
  MAX_CHAT_LENGTH,
} from "../lib/shared/chat.ts";
import { chatApi } from "./_chat_api.ts";
import { useChatReplay, useReplayClock } from "./_chat_replay.ts";
import { ChatConnection, type ChatStatus } from "./_chat_socket.ts";
import { type ChatAction, ChatLine } from "./_ChatLine.tsx";

/** What a page hands the chat. */
export interface LiveChatProps {
  videoId: string;
  initial: {
    room: ChatRoomState;
    you: ChatAbilities;
    messages: ChatMessage[];
    deleted: number[];
  };
  /** Replay the recording's chat at the player's time; default: when the room has closed. */
  replay?: boolean;
}

/** Messages kept in the live list (older ones scroll away for good). */
const KEEP = 300;
const SLOW_CHOICES = [0, 5, 30, 120];
const STATUS_TEXT: Record<ChatStatus, string> = {
  connecting: "Connecting…",
  open: "Live",
  reconnecting: "Reconnecting…",
  closed: "Disconnected",
};

function merge(list: ChatMessage[], add: ChatMessage[], drop: Set<number>): ChatMessage[] {
  const seen = new Set(list.map((m) => m.id));
  const next = [...list.filter((m) => !drop.has(m.id)), ...add.filter((m) => !seen.has(m.id))];
  return next.sort((a, b) => a.id - b.id).slice(-KEEP);
}

/**
 * The live chat beside a stream (docs/DESIGN.md, "Live chat"): the messages
 * in a polite live log, an input for those who may post, a moderation menu on
 * each message and the room's settings for the creator and moderators, slow
 * mode and followers-only shown. Over a WebSocket that reconnects and resumes;
 * in replay mode it shows the recording's messages at the player's time.
 */
function LiveChat(props: LiveChatProps) {
  const replay = props.replay ?? !props.initial.room.open;
  const [room, setRoom] = useState(props.initial.room);
  const [you, setYou] = useState(props.initial.you);
  const [messages, setMessages] = useState(props.initial.messages);
  const [status, setStatus] = useState<ChatStatus>("connecting");
  const [notice, setNotice] = useState("");
  const [text, setText] = useState("");
  const [pending, setPending] = useState<string | null>(null);
  const conn = useRef<ChatConnection>();
  const list = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const clock = useReplayClock(replay);
  const replayed = useChatReplay(props.videoId, clock, replay);
  const shown = replay ? replayed : messages;

  useEffect(() => {
    if (replay) return;
    const onFrame = (f: ChatServerFrame) => {
      if (f.type === "welcome") {
        setRoom(f.room);
        setYou(f.you);
        setMessages((l) => merge(l, f.messages, new Set(f.deleted)));
      } else if (f.type === "message") setMessages((l) => merge(l, [f.message], new Set()));
      else if (f.type === "deleted") setMessages((l) => l.filter((m) => m.id !== f.messageId));
      else if (f.type === "purged") setMessages((l) => l.filter((m) => m.author.id !== f.userId));
      else if (f.type === "settings") setRoom(f.room);
      else if (f.type === "abilities") setYou(f.you);
      else if (f.type === "ack") {
        setPending((p) => (p === f.nonce ? null : p));
        setText("");
      } else if (f.type === "error") {
        setPending(null);
        setNotice(f.message);
      }
    };
    conn.current = new ChatConnection(props.videoId, { onFrame, onStatus: setStatus });
    return () => conn.current?.close();
  }, [props.videoId, replay]);

  useEffect(() => {
    const el = list.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [shown]);

  function submit(e: Event) {
    e.preventDefault();
    const body = text.trim();
    if (!body || pending) return;
    const nonce = crypto.randomUUID();
    if (!conn.current?.send(body, nonce)) return setNotice("Not connected yet; try again.");
    setPending(nonce);
    setNotice("");
  }

  async function act(action: ChatAction, m: ChatMessage) {
    const base = `/api/v1/videos/${props.videoId}/chat`;
    try {
      if (action === "delete") {
        await chatApi(`${base}/messages/${m.id}`, { method: "DELETE" });
        setNotice("Message deleted.");
      } else {
        const durationS = action === "timeout" ? 600 : null;
        await chatApi(`${base}/restrictions/${m.author.id}`, {
          method: "PUT",
          json: { durationS },
        });
        setNotice(
          action === "ban"
            ? `${m.author.name} is banned from the chat.`
            : `${m.author.name} is timed out for 10 minutes.`,
        );
      }
    } catch (err) {
      setNotice((err as Error).message);
    }
  }

  async function change(patch: { slowModeS?: number; followersOnly?: boolean }) {
    try {
      const r = await chatApi(`/api/v1/videos/${props.videoId}/chat/settings`, {
        method: "PUT",
        json: patch,
      }) as { room: ChatRoomState };
      setRoom(r.room);
    } catch (err) {
      setNotice((err as Error).message);
    }
  }

  return (
    <div class="live-chat" data-status={replay ? "replay" : status}>
      <div class="chat-head">
        <span class="chat-state">{replay ? "Chat replay" : STATUS_TEXT[status]}</span>
        {room.slowModeS > 0 && <span class="chat-chip">Slow mode: {room.slowModeS} s</span>}
        {room.followersOnly && <span class="chat-chip">Followers only</span>}
        {!room.open && <span class="chat-chip">Ended</span>}
      </div>
      {you.canModerate && room.open && !replay && (
        <details class="chat-settings">
          <summary>Chat settings</summary>
          <label>
            Slow mode{" "}
            <select
              value={String(room.slowModeS)}
              onChange={(e) => change({ slowModeS: Number(e.currentTarget.value) })}
            >
              {[...new Set([...SLOW_CHOICES, room.slowModeS])].map((s) => (
                <option value={String(s)}>{s === 0 ? "Off" : `${s} s`}</option>
              ))}
            </select>
          </label>
          <label>
            <input
              type="checkbox"
              checked={room.followersOnly}
              onChange={(e) => change({ followersOnly: e.currentTarget.checked })}
            />{" "}
            Followers only
          </label>
        </details>
      )}
      <div
        class="chat-list"
        ref={list}
        role="log"
        aria-live="polite"
        aria-label="Chat messages"
        tabIndex={0}
        onScroll={(e) => {
          const el = e.currentTarget;
          stick.current = el.scrollHeight - el.scrollTop - el.clientHeight < 40;
        }}
      >
        <ol class="chat-items">
          {shown.map((m) => (
            <ChatLine
              key={m.id}
              message={m}
              canModerate={you.canModerate && !replay}
              mine={!replay && m.author.id === you.userId && room.open}
              onAction={act}
            />
          ))}
        </ol>
      </div>
      {shown.length === 0 && (
        <p class="chat-empty">{replay ? "No messages yet at this point." : "No messages yet."}</p>
      )}
      {!replay && (you.canPost
        ? (
          <form class="chat-form" onSubmit={submit}>
            <label class="visually-hidden" for={`chat-input-${props.videoId}`}>Message</label>
            <input
              id={`chat-input-${props.videoId}`}
              class="chat-input"
              type="text"
              maxLength={MAX_CHAT_LENGTH}
              autoComplete="off"
              placeholder="Say something"
              value={text}
              onInput={(e) => setText(e.currentTarget.value)}
            />
            <button type="submit" class="button" aria-disabled={pending ? "true" : undefined}>
              Send
            </button>
          </form>
        )
        : (
          <p class="chat-cannot">
            {you.userId ? you.reason : (
              <>
                <a href={`/signin?next=${encodeURIComponent(`/v/${props.videoId}/chat`)}`}>
                  Sign in
                </a>{" "}
                to chat.
              </>
            )}
          </p>
        ))}
      <p class="chat-notice" role="status">{notice}</p>
    </div>
  );
}

export default defineIsland("LiveChat", LiveChat);
