import type { Sql } from "../db/mod.ts";
import type { ChatAbilities, ChatMessage, ChatRoomState } from "../shared/chat.ts";
import type { Video, Viewer } from "../videos/access.ts";
import { chatAbilities } from "./abilities.ts";
import { chatHistory } from "./messages.ts";
import { chatRoomOf, publicRoom } from "./rooms.ts";

/** What a page hands the LiveChat island at first paint. */
export interface ChatPanel {
  room: ChatRoomState;
  you: ChatAbilities;
  messages: ChatMessage[];
  deleted: number[];
}

/**
 * The chat of a video the page has found visible to `viewer` (findVisibleVideo),
 * as they first see it (the room, the last messages, what they may do), or
 * undefined when the video has no chat (it never went live). The popout page
 * and the watch page both start here.
 */
export async function chatPanel(
  sql: Sql,
  options: { video: Video; viewer: Viewer },
): Promise<ChatPanel | undefined> {
  const room = await chatRoomOf(sql, options);
  if (!room) return undefined;
  const [history, you] = await Promise.all([
    chatHistory(sql, room.videoId),
    chatAbilities(sql, { room, viewer: options.viewer }),
  ]);
  return { room: publicRoom(room), you, ...history };
}
