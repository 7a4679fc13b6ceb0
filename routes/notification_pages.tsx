import { type Context, Hono } from "hono";
import { z } from "zod";
import { Layout } from "../components/Layout.tsx";
import { Form } from "../components/Form.tsx";
import { NotificationList } from "../components/NotificationList.tsx";
import type { Sql } from "../lib/db/mod.ts";
import { listNotifications, markRead } from "../lib/notifications/inbox.ts";
import { getPreferences, type Preferences, setPreferences } from "../lib/notifications/prefs.ts";
import { KIND_INFO, NOTIFICATION_KINDS } from "../lib/shared/notification_kinds.ts";
import { requireUser } from "../middleware/auth.ts";
import { formText } from "./_form.ts";
import { page } from "./_render.tsx";

const PAGE = 30;
const cursor = z.string().regex(/^[1-9]\d{0,17}$/).optional().catch(undefined);

/**
 * GET /notifications (newest first; the page shown is marked read, as opening
 * the bell's list does) and GET/POST /settings/notifications (per-kind
 * in-app and email choices; security notices cannot be turned off).
 */
export function notificationPageRoutes(deps: { sql: Sql }): Hono {
  const signedIn = requireUser({ signInPage: true });
  return new Hono()
    .get("/notifications", signedIn, async (c) => {
      const user = c.get("user")!;
      const page_ = await listNotifications(deps.sql, user.id, {
        limit: PAGE,
        cursor: cursor.parse(c.req.query("cursor")),
      });
      const unreadIds = page_.notifications.filter((n) => !n.read).map((n) => n.id);
      await markRead(deps.sql, user.id, { ids: unreadIds });
      return page(
        c,
        <Layout title="Notifications">
          <section class="notifications-page">
            <div class="page-heading">
              <h1>Notifications</h1>
              <a href="/settings/notifications">Notification settings</a>
            </div>
            <NotificationList items={page_.notifications} now={new Date()} />
            {page_.nextCursor && (
              <p>
                <a class="button secondary" href={`/notifications?cursor=${page_.nextCursor}`}>
                  Older notifications
                </a>
              </p>
            )}
          </section>
        </Layout>,
      );
    })
    .get("/settings/notifications", signedIn, async (c) => {
      const saved = c.req.query("saved") === "1";
      return prefsPage(c, await getPreferences(deps.sql, c.get("user")!.id), saved);
    })
    .post("/settings/notifications", signedIn, async (c) => {
      const values = await formText(c);
      const choices = Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k, {
        inApp: values[`${k}.inApp`] === "on",
        email: values[`${k}.email`] === "on",
      }])) as Preferences;
      await setPreferences(deps.sql, c.get("user")!.id, choices);
      return c.redirect("/settings/notifications?saved=1", 303);
    });
}

function prefsPage(c: Context, prefs: Preferences, saved: boolean) {
  return page(
    c,
    <Layout title="Notification settings">
      <section class="form-card wide">
        <h1>Notification settings</h1>
        <p class="muted">
          Choose how each kind of news reaches you. Email comes as a digest, a few at a time, not
          one message per event.
        </p>
        <Form action="/settings/notifications" notice={saved ? "Saved." : undefined}>
          <table class="prefs-table">
            <caption class="visually-hidden">Delivery of each kind of notification</caption>
            <thead>
              <tr>
                <th scope="col">Notify me when</th>
                <th scope="col">In the app</th>
                <th scope="col">By email</th>
              </tr>
            </thead>
            <tbody>
              {NOTIFICATION_KINDS.map((kind) => {
                const info = KIND_INFO[kind];
                return (
                  <tr key={kind}>
                    <th scope="row" id={`pref-${kind}`}>
                      {info.label}
                      {info.locked && <span class="muted">(always on)</span>}
                    </th>
                    {(["inApp", "email"] as const).map((way) => (
                      <td key={way}>
                        <input
                          type="checkbox"
                          name={`${kind}.${way}`}
                          checked={prefs[kind][way]}
                          disabled={info.locked}
                          aria-label={`${info.label}: ${
                            way === "inApp" ? "in the app" : "by email"
                          }`}
                        />
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </table>
          <button class="button" type="submit">Save</button>
        </Form>
      </section>
    </Layout>,
  );
}
