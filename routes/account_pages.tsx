import { type Context, Hono } from "hono";
import { PremiumSettingsLink } from "../components/PremiumParts.tsx";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { EmailSettingsLink } from "../components/AccountMailPages.tsx";
import { Field, Form } from "../components/Form.tsx";
import { Layout } from "../components/Layout.tsx";
import {
  type AuthContext,
  avatarUrl,
  changePassword,
  findPublicProfile,
  MIN_PASSWORD_LENGTH,
  replaceAvatar,
  signOutEverywhere,
  updateProfile,
} from "../lib/auth/mod.ts";
import { changePasswordSchema, profileSchema } from "../lib/auth/schemas.ts";
import type { Storage } from "../lib/storage/mod.ts";
import { requireUser } from "../middleware/auth.ts";
import { clearSessionCookies, setSessionCookies } from "../middleware/session_cookies.ts";
import { avatarBytes } from "./_avatar_body.ts";
import { formPost, type FormState } from "./_form.ts";
import { page } from "./_render.tsx";
import { validate } from "./_validate.ts";
import { SecuritySettings } from "../components/SecuritySettings.tsx";
import { securityState } from "./_security_state.ts";
import { AccountWarnings } from "../components/AccountWarnings.tsx";
import { listWarnings, WARNINGS_SHOWN } from "../lib/moderation/warnings.ts";

import { FocusSettings } from "../components/FocusSettings.tsx";
import { focusAutoStart } from "../lib/focus/mod.ts";

const NOTICES: Record<string, string> = {
  profile: "Your profile has been saved.",
  avatar: "Your new avatar is in place.",
  password: "Your password has been changed. Other devices have been signed out.",
};

/** GET/POST /profile (name, bio, avatar) and /settings (password, sign out everywhere). */
export function accountPageRoutes(
  deps: { auth: AuthContext; storage: Storage; ffmpegPath: string },
): Hono {
  const sql = deps.auth.sql;
  const signedIn = requireUser({ signInPage: true });
  return new Hono()
    .get(
      "/profile",
      signedIn,
      (c) => profilePage(c, { notice: NOTICES[c.req.query("saved") ?? ""] }),
    )
    .post(
      "/profile",
      signedIn,
      formPost(async (c, values) => {
        await updateProfile(sql, c.get("user")!.id, validate(profileSchema, values));
        return c.redirect("/profile?saved=profile", 303);
      }, { rerender: profilePage }),
    )
    .post(
      "/profile/avatar",
      signedIn,
      formPost(async (c) => {
        await replaceAvatar({ ...deps, sql }, c.get("user")!.id, await avatarBytes(c));
        return c.redirect("/profile?saved=avatar", 303);
      }, { rerender: profilePage, field: "avatar", values: false }),
    )
    .get(
      "/settings",
      signedIn,
      (c) => settingsPage(c, { notice: NOTICES[c.req.query("saved") ?? ""] }),
    )
    .post(
      "/settings/password",
      signedIn,
      formPost(async (c, values) => {
        const input = validate(changePasswordSchema, values);
        const session = await changePassword(deps.auth, c.get("user")!.id, input, {
          userAgent: c.req.header("user-agent"),
        });
        setSessionCookies(c, session.tokens);
        return c.redirect("/settings?saved=password", 303);
      }, {
        // A password form never comes back with the passwords in it.
        rerender: (c, s, status) => settingsPage(c, { errors: s.errors, error: s.error }, status),
      }),
    )
    .post("/settings/signout-everywhere", signedIn, async (c) => {
      await signOutEverywhere(deps.auth, c.get("user")!.id);
      clearSessionCookies(c);
      return c.redirect("/signin?ended=1", 303);
    });

  async function profilePage(c: Context, s: FormState, status: ContentfulStatusCode = 200) {
    const profile = (await findPublicProfile(sql, c.get("user")!.id))!;
    const v = s.values ?? { displayName: profile.displayName, bio: profile.bio };
    const src = avatarUrl(profile.avatarKey);
    return page(
      c,
      <Layout title="Your profile">
        <section class="form-card">
          <div class="profile-head">
            {src
              ? <img class="avatar" src={src} alt="Your avatar" width={96} height={96} />
              : <span class="avatar" aria-hidden="true">{[...profile.displayName][0]}</span>}
            <div>
              <h1>Your profile</h1>
              <p class="muted">
                <a href={`/u/${profile.id}`}>See your public page</a>
              </p>
            </div>
          </div>
          <Form action="/profile" error={s.error} notice={s.notice}>
            <Field
              name="displayName"
              label="Display name"
              value={v.displayName}
              errors={s.errors}
              maxLength={50}
              required
            />
            <Field
              name="bio"
              label="Bio"
              value={v.bio}
              errors={s.errors}
              multiline
              maxLength={500}
            />
            <button class="button" type="submit">Save profile</button>
          </Form>
        </section>
        <section class="form-card">
          <h2>Avatar</h2>
          <Form action="/profile/avatar" multipart>
            <Field
              name="avatar"
              label="Image (cropped to a square)"
              type="file"
              accept="image/*"
              errors={s.errors}
              required
            />
            <button class="button" type="submit">Upload avatar</button>
          </Form>
        </section>
      </Layout>,
      status,
    );
  }

  async function settingsPage(c: Context, s: FormState, status: ContentfulStatusCode = 200) {
    const security = await securityState(deps.auth, c);
    const warnings = await listWarnings(sql, c.get("user")!.id, { limit: WARNINGS_SHOWN });

    const focus = await focusAutoStart(sql, c.get("user")!.id);
    return page(
      c,
      <Layout title="Settings">
        <section class="form-card">
          <h1>Settings</h1>
          <h2>Change password</h2>
          <Form action="/settings/password" error={s.error} notice={s.notice}>
            <Field
              name="currentPassword"
              label="Current password"
              type="password"
              errors={s.errors}
              autocomplete="current-password"
              required
            />
            <Field
              name="newPassword"
              label={`New password (at least ${MIN_PASSWORD_LENGTH} characters)`}
              type="password"
              errors={s.errors}
              autocomplete="new-password"
              required
            />
            <button class="button" type="submit">Change password</button>
          </Form>
        </section>
        <AccountWarnings warnings={warnings} />
        <EmailSettingsLink />
        <section class="form-card">
          <h2>Notifications and your data</h2>
          <p>
            <a href="/settings/notifications">Notification settings</a>
          </p>
          <p>
            <a href="/settings/data">Download your data or delete your account</a>
          </p>
        </section>
        <FocusSettings autoStart={focus} saved={c.req.query("saved") === "focus"} />
        <PremiumSettingsLink premium={c.get("user")!.premium} />
        <section class="form-card">
          <h2>Sign out everywhere</h2>
          <p class="muted">
            Ends every session of your account, on every device, including this one.
          </p>
          <Form action="/settings/signout-everywhere">
            <button class="button secondary" type="submit">Sign out everywhere</button>
          </Form>
        </section>
        <SecuritySettings {...security} />
      </Layout>,
      status,
    );
  }
}
