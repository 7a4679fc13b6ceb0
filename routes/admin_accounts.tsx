import { type Context, Hono } from "hono";
import { AdminShell } from "../components/AdminShell.tsx";
import { AdminUserManage } from "../components/AdminUserManage.tsx";
import type { AuthContext } from "../lib/auth/mod.ts";
import type { UploadQuotas } from "../lib/config.ts";
import { NotFoundError } from "../lib/errors.ts";
import { createUserAsAdmin, createUserSchema } from "../lib/moderation/create_user.ts";
import { changeUserQuota, quotaFormSchema } from "../lib/moderation/quotas_admin.ts";
import { warnFormSchema } from "../lib/moderation/schemas.ts";
import { findManagedUser, userAdminFacts } from "../lib/moderation/user_admin_facts.ts";
import { listWarnings, WARNINGS_SHOWN, warnUser } from "../lib/moderation/warnings.ts";
import { resetTwoFactor } from "../lib/two_factor/mod.ts";
import { readQuotaUsage } from "../lib/uploads/quota.ts";
import { requireRole, requireUser } from "../middleware/auth.ts";
import { uuidParam } from "./_admin_list.ts";
import { auditActor } from "./_audit_actor.ts";
import { formText } from "./_form.ts";
import { page } from "./_render.tsx";
import { validate } from "./_validate.ts";

/** What the account management routes need. */
export interface AdminAccountDeps {
  auth: AuthContext;
  trustProxy: boolean;
  quotas: UploadQuotas;
}

const NOTICES: Record<string, string> = {
  banned: "User banned; their sessions ended.",
  unbanned: "Ban lifted.",
  warned: "Warning recorded; the user has been notified.",
  quota: "Quotas saved.",
  "two-factor": "Two-factor reset; the user was signed out and told by mail.",
  created: "Account created; a mail with a link to choose a password is on its way.",
};

/**
 * Admins manage one account (/admin/users/:id: ban with a length, warnings,
 * quotas, two-factor reset) and create accounts (POST /admin/users). The
 * rules and the audit entries are lib/moderation's and lib/two_factor's.
 */
export function adminAccountRoutes(deps: AdminAccountDeps): Hono {
  const sql = deps.auth.sql;
  const guard = [requireUser({ signInPage: true }), requireRole("admin")];
  const idOf = (c: Context) => uuidParam(c, "user");
  const done = (c: Context, id: string, what: string) =>
    c.redirect(`/admin/users/${id}?done=${what}`, 303);
  return new Hono()
    .use("/admin/users", ...guard)
    .use("/admin/users/*", ...guard)
    .get("/admin/users/:id", async (c) => {
      const id = idOf(c);
      const user = await findManagedUser(sql, id);
      if (!user) throw new NotFoundError("No such user.");
      const [facts, warnings, quota] = await Promise.all([
        userAdminFacts(sql, [id]),
        listWarnings(sql, id, { limit: WARNINGS_SHOWN }),
        readQuotaUsage(sql, id, { defaults: deps.quotas }),
      ]);
      c.header("Cache-Control", "private, no-store");
      return page(
        c,
        <AdminShell
          title={`Manage ${user.displayName}`}
          active="/admin/users"
          notice={NOTICES[c.req.query("done") ?? ""]}
        >
          <p>
            <a href="/admin/users">← All users</a>
          </p>
          <AdminUserManage user={user} facts={facts.get(id)!} warnings={warnings} quota={quota} />
        </AdminShell>,
      );
    })
    .post("/admin/users", async (c) => {
      const input = validate(createUserSchema, await formText(c));
      const { id } = await createUserAsAdmin(sql, input, { actor: auditActor(c, deps) });
      return done(c, id, "created");
    })
    .post("/admin/users/:id/warn", async (c) => {
      const id = idOf(c);
      const { reason } = validate(warnFormSchema, await formText(c));
      await warnUser(sql, id, { reason, actor: auditActor(c, deps) });
      return done(c, id, "warned");
    })
    .post("/admin/users/:id/quota", async (c) => {
      const id = idOf(c);
      const quota = validate(quotaFormSchema, await formText(c));
      await changeUserQuota(sql, id, { quota, actor: auditActor(c, deps) });
      return done(c, id, "quota");
    })
    .post("/admin/users/:id/two-factor-reset", async (c) => {
      const id = idOf(c);
      await resetTwoFactor(deps.auth, id, { actor: auditActor(c, deps) });
      return done(c, id, "two-factor");
    });
}
