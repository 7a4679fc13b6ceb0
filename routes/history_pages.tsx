import { type Context, Hono } from "hono";
import { z } from "zod";
import { CsrfField } from "../components/CsrfField.tsx";
import { Layout } from "../components/Layout.tsx";
import { HistoryList } from "../components/HistoryList.tsx";
import type { Sql } from "../lib/db/mod.ts";
import { NotFoundError } from "../lib/errors.ts";
import {
  clearHistory,
  historyPaused,
  listHistory,
  removeHistoryEntry,
  setHistoryPaused,
} from "../lib/history/mod.ts";
import { requireUser } from "../middleware/auth.ts";
import { formText } from "./_form.ts";
import { page } from "./_render.tsx";
import { validate } from "./_validate.ts";

const query = z.object({ cursor: z.string().max(200).optional() });

/**
 * /history: what the signed-in viewer watched, newest first, with how far
 * they got; forms to forget one video, clear everything, and pause or resume
 * recording (the page says when it is paused). Works without JavaScript.
 */
export function historyPageRoutes(deps: { sql: Sql; mediaBaseUrl?: string }): Hono {
  const { sql } = deps;
  const signedIn = requireUser({ signInPage: true });
  return new Hono()
    .get("/history", signedIn, async (c) => {
      const user = c.get("user")!;
      const { cursor } = validate(query, c.req.query());
      const [{ entries, nextCursor }, paused] = await Promise.all([
        listHistory(sql, user, { limit: 30, cursor, mediaBaseUrl: deps.mediaBaseUrl }),
        historyPaused(sql, user.id),
      ]);
      return page(
        c,
        <Layout title="History">
          <div class="history-head">
            <h1>History</h1>
            <div class="history-actions">
              <form method="post" action="/history/pause" class="inline-form">
                <CsrfField />
                <input type="hidden" name="paused" value={paused ? "0" : "1"} />
                <button type="submit" class="button secondary">
                  {paused ? "Resume history" : "Pause history"}
                </button>
              </form>
              {entries.length > 0 && (
                <form method="post" action="/history/clear" class="inline-form">
                  <CsrfField />
                  <button type="submit" class="button secondary">Clear all history</button>
                </form>
              )}
            </div>
          </div>
          {paused && (
            <p class="notice" role="status">
              History is paused: the videos you watch are not being recorded.
            </p>
          )}
          {entries.length > 0
            ? <HistoryList entries={entries} />
            : <p class="muted">Videos you watch while signed in will show up here.</p>}
          {nextCursor && (
            <p class="pager">
              <a class="button secondary" rel="next" href={`/history?cursor=${nextCursor}`}>
                Older
              </a>
            </p>
          )}
        </Layout>,
      );
    })
    .post("/history/pause", signedIn, async (c) => {
      const { paused } = await formText(c);
      await setHistoryPaused(sql, c.get("user")!.id, paused === "1");
      return c.redirect("/history", 303);
    })
    .post("/history/clear", signedIn, async (c) => {
      await clearHistory(sql, c.get("user")!.id);
      return c.redirect("/history", 303);
    })
    .post("/history/:videoId/remove", signedIn, async (c) => {
      await removeHistoryEntry(sql, c.get("user")!.id, videoId(c));
      return c.redirect("/history", 303);
    });
}

function videoId(c: Context): string {
  const id = z.uuid().safeParse(c.req.param("videoId"));
  if (!id.success) throw new NotFoundError("That video is not in your history.");
  return id.data;
}
