import { countText } from "../lib/shared/social.ts";
import { Hono } from "hono";
import { formatBytes } from "../lib/shared/bytes.ts";
import { AdminShell } from "../components/AdminShell.tsx";
import { Sparkline } from "../components/Sparkline.tsx";
import { AdminSettingsExtras } from "../components/AdminSettingsExtras.tsx";
import type { UploadQuotas } from "../lib/config.ts";
import { readSettingsExtras } from "../lib/moderation/settings_extras.ts";
import { CsrfField } from "../components/CsrfField.tsx";
import type { Sql } from "../lib/db/mod.ts";
import { settingsSchema } from "../lib/moderation/schemas.ts";
import { listAccessGroups } from "../lib/access_groups/groups.ts";
import { accessGroupsEnforced } from "../lib/videos/access.ts";
import { AccessGroupSettings } from "../components/AccessGroupSettings.tsx";
import {
  changeInstanceSettings,
  type InstanceSettings,
  readInstanceSettings,
} from "../lib/moderation/settings.ts";
import { dashboardStats, DAYS } from "../lib/moderation/stats.ts";
import { requireRole, requireUser } from "../middleware/auth.ts";
import { auditActor } from "./_audit_actor.ts";
import { formText } from "./_form.ts";
import { page } from "./_render.tsx";
import { validate } from "./_validate.ts";
import { FocusFigures } from "../components/FocusFigures.tsx";
import { focusAverages } from "../lib/focus/mod.ts";

/** What the dashboard and settings pages need. */
export interface AdminPageDeps {
  sql: Sql;
  trustProxy: boolean;
  /** The configured default quotas (the settings page shows them as the fallback). */
  quotas: UploadQuotas;
}

/**
 * GET /admin (moderators and admins): the dashboard. GET/POST /admin/settings
 * (admins): the moderation policy and the registration mode; the page also
 * shows the default quotas and blocked words (routes/admin_settings_extras.tsx).
 */
export function adminPageRoutes(deps: AdminPageDeps): Hono {
  const signIn = requireUser({ signInPage: true });
  return new Hono()
    .get("/admin", signIn, requireRole("moderator", "admin"), async (c) => {
      const admin = c.get("user")!.role === "admin";
      const [s, focus] = await Promise.all([
        dashboardStats(deps.sql),
        admin ? focusAverages(deps.sql, DAYS) : undefined,
      ]);
      c.header("Cache-Control", "private, no-store");
      const figures: [string, string, number[]?][] = [
        ["Users", String(s.users), s.series.signups],
        ["Videos", String(s.videos)],
        ["Pending approvals", String(s.pendingApprovals)],
        ["Completed videos", String(s.completedVideos)],
        ["Storage used", formatBytes(s.storageBytes)],
        ["Uploads, last 24 h", String(s.uploads24h), s.series.uploads],
        ["Failures, last 24 h", String(s.failures24h), s.series.failures],
        ["Jobs queued or running", String(s.queueDepth)],
      ];
      return page(
        c,
        <AdminShell title="Dashboard" active="/admin">
          <dl class="admin-stats">
            {figures.map(([label, value, series]) => (
              <div class="admin-stat">
                <dt>{label}</dt>
                <dd>
                  {value}
                  {series && <Sparkline label={`${label}: per day`} values={series} />}
                </dd>
              </div>
            ))}
          </dl>
          <p class="muted">Sparklines: one point per day over the last {DAYS} days (UTC).</p>
          {s.pendingApprovals > 0 && (
            <p>
              <a class="button" href="/admin/review">
                Review {countText(s.pendingApprovals, "video")}
              </a>
            </p>
          )}
          {focus && <FocusFigures title={`Focus mode, last ${DAYS} days`} figures={focus} />}
        </AdminShell>,
      );
    })
    .use("/admin/settings", signIn, requireRole("admin"))
    .get("/admin/settings", async (c) => {
      const [settings, extras, groups] = await Promise.all([
        readInstanceSettings(deps.sql),
        readSettingsExtras(deps.sql, deps.quotas),
        listAccessGroups(deps.sql),
      ]);
      c.header("Cache-Control", "private, no-store");
      return page(
        c,
        <AdminShell
          title="Settings"
          active="/admin/settings"
          notice={c.req.query("saved") ? "Settings saved." : undefined}
        >
          <SettingsForm settings={settings} />
          <AdminSettingsExtras {...extras} />
          <AccessGroupSettings
            groups={groups}
            enforced={accessGroupsEnforced()}
            done={c.req.query("groups")}
          />
        </AdminShell>,
      );
    })
    .post("/admin/settings", async (c) => {
      const change = validate(settingsSchema, await formText(c));
      await changeInstanceSettings(deps.sql, change, { actor: auditActor(c, deps) });
      return c.redirect("/admin/settings?saved=1", 303);
    });
}

function Choice(
  props: { name: string; value: string; checked: boolean; label: string; hint: string },
) {
  return (
    <label class="radio">
      <input type="radio" name={props.name} value={props.value} checked={props.checked} />
      <span>
        <strong>{props.label}</strong> — {props.hint}
      </span>
    </label>
  );
}

const CHOICES = {
  moderation: [
    ["off", "Off", "a processed video is published at once."],
    [
      "pre",
      "Pre-moderation",
      "a moderator approves each new video first (trusted creators skip this).",
    ],
  ],
  registration: [
    ["open", "Open", "anyone can sign up."],
    ["invite", "By invitation", "only with an invitation link (Users page)."],
    ["closed", "Closed", "nobody can sign up; admins create accounts."],
  ],
} as const;

function SettingsForm(props: { settings: InstanceSettings }) {
  const group = (name: keyof typeof CHOICES, legend: string) => (
    <fieldset class="field">
      <legend>{legend}</legend>
      {CHOICES[name].map(([value, label, hint]) => (
        <Choice
          key={value}
          name={name}
          value={value}
          checked={props.settings[name] === value}
          label={label}
          hint={hint}
        />
      ))}
    </fieldset>
  );
  return (
    <form method="post" action="/admin/settings" class="form-card">
      <CsrfField />
      {group("moderation", "Moderation policy")}
      {group("registration", "Registration")}
      <button class="button" type="submit">Save settings</button>
    </form>
  );
}
