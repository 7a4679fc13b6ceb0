import { Hono } from "hono";
import { z } from "zod";
import { Layout } from "../components/Layout.tsx";
import type { Sql } from "../lib/db/mod.ts";
import { chatPanel } from "../lib/chat/panel.ts";
import { NotFoundError } from "../lib/errors.ts";
import { findVisibleVideo } from "../lib/videos/access.ts";
import LiveChat from "../islands/LiveChat.tsx";
import { page } from "./_render.tsx";

/**
 * The chat's popout page, /v/:id/chat: the LiveChat island on its own, for a
 * second window beside the stream (and the chat's own browser test). A closed
 * room shows its recorded messages; the replay beside a player is the
 * island's replay mode, driven by that player's time.
 */
export function chatPageRoutes(deps: { sql: Sql }): Hono {
  return new Hono().get("/v/:id/chat", async (c) => {
    const id = z.uuid().safeParse(c.req.param("id"));
    if (!id.success) throw new NotFoundError("We could not find that chat.");
    const viewer = c.get("user");
    const video = await findVisibleVideo(deps.sql, { videoId: id.data, viewer }).catch(() => {
      throw new NotFoundError("We could not find that chat.");
    });
    const panel = await chatPanel(deps.sql, { video, viewer });
    if (!panel) throw new NotFoundError("We could not find that chat.");
    c.header("Cache-Control", "private, no-store");
    return page(
      c,
      <Layout title={`Chat: ${video.title}`}>
        <section class="chat-page">
          <h1 class="chat-page-title">
            Chat <span class="visually-hidden">for</span>
            <a href={`/v/${video.id}`}>{video.title}</a>
          </h1>
          <LiveChat videoId={video.id} initial={panel} />
        </section>
      </Layout>,
    );
  });
}
