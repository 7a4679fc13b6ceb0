import { Hono } from "hono";
import { z } from "zod";
import { FocusSessionList, FocusTotalsList } from "../components/FocusHistory.tsx";
import { Layout } from "../components/Layout.tsx";
import type { Sql } from "../lib/db/mod.ts";
import { focusTotals, listFocusSessions, setFocusAutoStart } from "../lib/focus/mod.ts";
import { requireUser } from "../middleware/auth.ts";
import { formText } from "./_form.ts";
import { page } from "./_render.tsx";
import { validate } from "./_validate.ts";

const query = z.object({ cursor: z.string().max(200).optional() });

/**
 * GET /focus: the signed-in viewer's focus sessions, newest first, under
 * their totals. POST /settings/focus: the auto-start setting's form (the
 * settings page shows it). Both work without JavaScript.
 */
export function focusPageRoutes(deps: { sql: Sql }): Hono {
  const { sql } = deps;
  const signedIn = requireUser({ signInPage: true });
  return new Hono()
    .get("/focus", signedIn, async (c) => {
      const user = c.get("user")!;
      const { cursor } = validate(query, c.req.query());
      const [{ sessions, nextCursor }, totals] = await Promise.all([
        listFocusSessions(sql, user, { limit: 30, cursor }),
        focusTotals(sql, user.id),
      ]);
      c.header("Cache-Control", "private, no-store");
      return page(
        c,
        <Layout title="Focus history">
          <section class="focus-history">
            <h1>Focus history</h1>
            <p class="muted">
              Sessions in focus mode on the watch page: how long, and how often your attention left
              (the tab hidden or the window left). Start it with the Focus mode button under a
              video, or <a href="/settings#focus">start it automatically</a>.
            </p>
            <FocusTotalsList totals={totals} />
            {sessions.length > 0
              ? <FocusSessionList sessions={sessions} />
              : <p class="muted">No focus sessions yet.</p>}
            {nextCursor && (
              <p class="pager">
                <a class="button secondary" rel="next" href={`/focus?cursor=${nextCursor}`}>
                  Older
                </a>
              </p>
            )}
          </section>
        </Layout>,
      );
    })
    .post("/settings/focus", signedIn, async (c) => {
      const { autoStart } = await formText(c);
      await setFocusAutoStart(sql, c.get("user")!.id, autoStart === "1");
      return c.redirect("/settings?saved=focus#focus", 303);
    });
}
