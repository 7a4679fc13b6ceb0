import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { Layout } from "../components/Layout.tsx";
import { RecoveryCodes, TwoFactorDisable, TwoFactorSetup } from "../components/TwoFactorSetup.tsx";
import type { AuthContext } from "../lib/auth/mod.ts";
import { revokeOtherSessions, revokeUserSession } from "../lib/auth/device_sessions.ts";
import { ConflictError } from "../lib/errors.ts";
import { confirmSetup, disableTwoFactor, pendingSetup, startSetup } from "../lib/two_factor/mod.ts";
import { confirmSchema, disableSchema } from "../lib/two_factor/schemas.ts";
import { requireUser } from "../middleware/auth.ts";
import { clientIp } from "../middleware/rate_limit.ts";
import { clearSessionCookies } from "../middleware/session_cookies.ts";
import { type AuthRouteDeps, credentialLimit } from "./_auth_deps.ts";
import { formPost, type FormState } from "./_form.ts";
import { page } from "./_render.tsx";
import { validate } from "./_validate.ts";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The pages behind /settings' security section: set up two-factor (QR code,
 * confirm, recovery codes once), turn it off, sign devices out. Plain forms.
 */
export function securityPageRoutes(deps: AuthRouteDeps): Hono {
  const auth: AuthContext = deps.auth;
  const signedIn = requireUser({ signInPage: true });
  const limited = credentialLimit(deps, "two-factor-ip");
  return new Hono()
    .post("/settings/two-factor/setup", signedIn, async (c) => {
      await startSetup(auth, c.get("user")!);
      return c.redirect("/settings/two-factor", 303);
    })
    .get("/settings/two-factor", signedIn, (c) => setupPage(c, {}))
    .post(
      "/settings/two-factor/confirm",
      signedIn,
      limited,
      formPost(async (c, values) => {
        const { code } = validate(confirmSchema, values);
        const codes = await confirmSetup(auth, c.get("user")!.id, code);
        return page(
          c,
          <Layout title="Recovery codes">
            <RecoveryCodes codes={codes} />
          </Layout>,
        );
      }, { rerender: setupPage, forget: ["code"] }),
    )
    .get("/settings/two-factor/disable", signedIn, (c) => disablePage(c, {}))
    .post(
      "/settings/two-factor/disable",
      signedIn,
      limited,
      formPost(async (c, values) => {
        const input = validate(disableSchema, values);
        await disableTwoFactor(auth, c.get("user")!.id, { ...input, ip: clientIp(c, deps) });
        return c.redirect("/settings?security=two-factor-off#two-factor", 303);
      }, { rerender: disablePage, forget: ["password", "code"] }),
    )
    .post("/settings/sessions/revoke-others", signedIn, async (c) => {
      const current = c.get("session")?.claims.sessionId;
      if (!current) throw new ConflictError("This session is too old to keep; sign in again.");
      await revokeOtherSessions(auth.sql, c.get("user")!.id, current);
      return c.redirect("/settings?security=others#sessions", 303);
    })
    .post("/settings/sessions/:id/revoke", signedIn, async (c) => {
      const id = c.req.param("id");
      const ended = UUID.test(id) && await revokeUserSession(auth.sql, c.get("user")!.id, id);
      if (id === c.get("session")?.claims.sessionId) {
        clearSessionCookies(c);
        return c.redirect("/signin", 303);
      }
      // Not the caller's, or already over: nothing to announce.
      return c.redirect(
        ended ? "/settings?security=signed-out#sessions" : "/settings#sessions",
        303,
      );
    });

  async function setupPage(c: Context, s: FormState, status: ContentfulStatusCode = 200) {
    const pending = await pendingSetup(auth, c.get("user")!);
    if (!pending) return c.redirect("/settings#two-factor", 303);
    return page(
      c,
      <Layout title="Set up two-factor sign-in">
        <TwoFactorSetup qrSvg={pending.qrSvg} secret={pending.secret} {...s} />
      </Layout>,
      status,
    );
  }

  function disablePage(c: Context, s: FormState, status: ContentfulStatusCode = 200) {
    return page(
      c,
      <Layout title="Turn off two-factor sign-in">
        <TwoFactorDisable {...s} />
      </Layout>,
      status,
    );
  }
}
