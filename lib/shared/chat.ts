/**
 * Live chat's text rule and wire protocol, shared by the server (lib/chat/) and
 * the LiveChat island: one definition of a message, of what a socket frame may
 * hold and of every frame either side sends (docs/DESIGN.md, "Live chat").
 */

/** Most characters in one message (after trimming). */
export const MAX_CHAT_LENGTH = 500;

/** Most bytes in one frame a client sends; a larger one closes the socket (1009). */
export const MAX_CHAT_FRAME_BYTES = 4096;

/** How many messages a socket gets on join (the room's latest). */
export const CHAT_HISTORY = 50;

/** The longest slow mode a creator can set, in seconds. */
export const MAX_SLOW_MODE_S = 3600;

/** Close codes the server uses besides the standard ones; the client does not reconnect after 44xx. */
export const CHAT_CLOSE = {
  /** The viewer may no longer see the video, or the session ended. */
  forbidden: 4403,
  /** No chat on this video. */
  notFound: 4404,
  /** Too many frames or sockets: the client may come back later. */
  flood: 4429,
  /** No frame from the client for too long. */
  idle: 4408,
} as const;

// Control characters (but tab and line breaks, which become spaces), bidi
// overrides and isolates, and unpaired surrogates: stripped, never stored.
// deno-lint-ignore no-control-regex
const STRIPPED = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A message as stored: control and bidi-override characters removed, line
 * breaks and tabs turned to spaces, runs of spaces cut to one, trimmed; lone
 * surrogates replaced. The caller checks the length (1–500) of the result.
 */
export function cleanChatText(raw: string): string {
  return raw.toWellFormed().replace(/[\t\n\r]/g, " ").replace(STRIPPED, "")
    .replace(/ {2,}/g, " ").trim();
}

/** A chat message as clients see it. Its body is plain text: render it as text, never as markup. */
export interface ChatMessage {
  id: number;
  author: { id: string; name: string };
  body: string;
  createdAt: string;
  /** Milliseconds after the room opened (the replay's position). */
  offsetMs: number;
}

/** A room's state as clients see it. */
export interface ChatRoomState {
  videoId: string;
  open: boolean;
  openedAt: string;
  closedAt: string | null;
  slowModeS: number;
  followersOnly: boolean;
}

/** What the viewer may do in the room. */
export interface ChatAbilities {
  /** Signed in, room open, not timed out or banned, and followers-only satisfied. */
  canPost: boolean;
  /** The video's creator, an admin or a moderator. */
  canModerate: boolean;
  /** Why canPost is false, in words (null when it is true). */
  reason: string | null;
  /** The end of the viewer's timeout (null: none, or a ban: see `banned`). */
  timedOutUntil: string | null;
  banned: boolean;
  /** The signed-in viewer's id (null: anonymous). */
  userId: string | null;
}

/** Frames the server sends. */
export type ChatServerFrame =
  | {
    type: "welcome";
    room: ChatRoomState;
    you: ChatAbilities;
    messages: ChatMessage[];
    /** Ids among the room's recent messages that were deleted (a resuming client drops them). */
    deleted: number[];
  }
  | { type: "message"; message: ChatMessage }
  | { type: "deleted"; messageId: number }
  | { type: "purged"; userId: string }
  | { type: "settings"; room: ChatRoomState }
  | { type: "restricted"; userId: string; until: string | null }
  | { type: "ack"; nonce: string; messageId: number }
  | { type: "error"; code: string; message: string; nonce?: string; retryAfter?: number }
  | ChatAbilitiesFrame
  | { type: "ping" }
  | { type: "pong" };

/** Frames a client sends. */
export type ChatClientFrame =
  | { type: "send"; body: string; nonce?: string }
  | { type: "ping" }
  | { type: "pong" };

/** The events the room relays to every socket (the subset of server frames that fan out). */
export type ChatEvent = Extract<
  ChatServerFrame,
  { type: "message" | "deleted" | "purged" | "settings" | "restricted" }
>;

/** Sent to one socket when what its viewer may do changed (new settings, their restriction). */
export interface ChatAbilitiesFrame {
  type: "abilities";
  you: ChatAbilities;
}
