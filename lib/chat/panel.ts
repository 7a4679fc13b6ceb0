import type { Sql } from "../db/mod.ts";
import { NotFoundError } from "../errors.ts";
import type { ChatAbilities, ChatMessage, ChatRoomState } from "../shared/chat.ts";
import type { Viewer } from "../videos/access.ts";
import { chatAbilities } from "./abilities.ts";
import { chatHistory } from "./messages.ts";
import { findChatRoom, publicRoom } from "./rooms.ts";

/** What a page hands the LiveChat island at first paint. */
export interface ChatPanel {
  room: ChatRoomState;
  you: ChatAbilities;
  messages: ChatMessage[];
  deleted: number[];
}

/**
 * A video's chat as `viewer` first sees it (the room, the last messages, what
 * they may do), or undefined when the video has no chat (it never went live)
 * or is not theirs to see. The popout page and the watch page both start here.
 */
export async function chatPanel(
  sql: Sql,
  options: { videoId: string; viewer: Viewer },
): Promise<ChatPanel | undefined> {
  let room;
  try {
    room = await findChatRoom(sql, options);
  } catch (err) {
    if (err instanceof NotFoundError) return undefined;
    throw err;
  }
  const [history, you] = await Promise.all([
    chatHistory(sql, room.videoId),
    chatAbilities(sql, { room, viewer: options.viewer }),
  ]);
  return { room: publicRoom(room), you, ...history };
}
