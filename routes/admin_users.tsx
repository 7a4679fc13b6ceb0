import { countText } from "../lib/shared/social.ts";
import { type Context, Hono } from "hono";
import { z } from "zod";
import { AdminShell } from "../components/AdminShell.tsx";
import { AdminSearch, AdminTable } from "../components/AdminTable.tsx";
import { CsrfField } from "../components/CsrfField.tsx";
import { AdminCreateUser } from "../components/AdminCreateUser.tsx";
import { AdminUserStatus } from "../components/AdminUserStatus.tsx";
import { AdminTierCell } from "../components/AdminTierCell.tsx";
import { premiumEnforced } from "../lib/videos/access.ts";
import { type UserAdminFacts, userAdminFacts } from "../lib/moderation/user_admin_facts.ts";
import { createInvitation } from "../lib/auth/invitations.ts";
import { ROLES } from "../lib/auth/types.ts";
import type { Sql } from "../lib/db/mod.ts";
import { banFormSchema, roleFormSchema, trustedSchema } from "../lib/moderation/schemas.ts";
import {
  type AdminUserRow,
  changeRole,
  listUsers,
  setTrusted,
  setUserBan,
} from "../lib/moderation/users.ts";
import { requireRole, requireUser } from "../middleware/auth.ts";
import { AccessGroupCell, AccessGroupFilter } from "../components/AccessGroupAdmin.tsx";
import {
  type AccessGroup,
  accessGroupChoice,
  listAccessGroups,
} from "../lib/access_groups/groups.ts";
import { afterCursor, keysetOf, nextPage, uuidParam } from "./_admin_list.ts";
import { auditActor } from "./_audit_actor.ts";
import { formText } from "./_form.ts";
import { page } from "./_render.tsx";
import { validate } from "./_validate.ts";

const PAGE = 50;
const filterSchema = z.object({
  q: z.string().trim().max(200).optional().transform((v) => v || undefined),
  role: z.enum(ROLES).optional().or(z.literal("").transform(() => undefined)),
  banned: z.enum(["yes", "no", ""]).optional(),
  group: accessGroupChoice.optional().or(z.literal("").transform(() => undefined)),
  after: afterCursor,
});
const inviteSchema = z.object({ role: z.enum(["viewer", "creator"]) });

const idOf = (c: Context) => uuidParam(c, "user");

/**
 * /admin/users (admins): search and filter accounts (role, banned), change a
 * role, the trusted flag, ban with a reason and a length or unban (forms on
 * the account's page, routes/admin_accounts.tsx), and create invitation
 * links and accounts. The rules (not oneself, never the last admin) and the audit live in
 * lib/moderation/users.ts.
 */
export function adminUserRoutes(deps: { sql: Sql; trustProxy: boolean; publicUrl: string }): Hono {
  const guard = [requireUser({ signInPage: true }), requireRole("admin")];
  const back = (c: Context, done: string) => c.redirect(`/admin/users?done=${done}`, 303);
  return new Hono()
    .use("/admin/users", ...guard)
    .use("/admin/users/*", ...guard)
    .use("/admin/invitations", ...guard)
    .get("/admin/users", async (c) => {
      const f = validate(filterSchema, c.req.query());
      const group = f.group === null ? "none" : f.group;
      const [users, groups] = await Promise.all([
        listUsers(deps.sql, {
          q: f.q,
          role: f.role,
          banned: f.banned === "yes" ? true : f.banned === "no" ? false : undefined,
          accessGroup: group,
          after: keysetOf(f.after),
          limit: PAGE,
        }),
        listAccessGroups(deps.sql),
      ]);
      const next = nextPage("/admin/users", users, {
        limit: PAGE,
        filters: { q: f.q, role: f.role, banned: f.banned, group: group?.toString() },
      });
      const facts = await userAdminFacts(deps.sql, users.map((u) => u.id));
      const invite = c.req.query("invite");
      c.header("Cache-Control", "private, no-store");
      return page(
        c,
        <AdminShell title="Users" active="/admin/users" notice={doneText(c.req.query("done"))}>
          <AdminSearch action="/admin/users" q={f.q}>
            <label>
              Role
              <select name="role">
                <option value="">any</option>
                {ROLES.map((r) => <option key={r} value={r} selected={f.role === r}>{r}</option>)}
              </select>
            </label>
            <label>
              Banned
              <select name="banned">
                <option value="">any</option>
                <option value="yes" selected={f.banned === "yes"}>banned</option>
                <option value="no" selected={f.banned === "no"}>not banned</option>
              </select>
            </label>
            <AccessGroupFilter groups={groups} selected={group?.toString()} />
          </AdminSearch>
          <AdminTable
            headers={[
              "User",
              "Role",
              "Access group",
              "Trusted",
              ...(premiumEnforced() ? ["Tier"] : []),
              "Status",
            ]}
            count={users.length}
            empty="No user matches."
            next={next}
          >
            {users.map((u) => (
              <UserRow key={u.id} user={u} facts={facts.get(u.id)} groups={groups} />
            ))}
          </AdminTable>
          <h2>Invitation links</h2>
          {invite && /^[\w-]{20,100}$/.test(invite) && (
            <p class="form-notice wrap-anywhere" role="status">
              New invitation link (shown once):{" "}
              <code>{`${deps.publicUrl.replace(/\/$/, "")}/signup?invite=${invite}`}</code>
            </p>
          )}
          <form method="post" action="/admin/invitations" class="admin-row">
            <CsrfField />
            <label>
              Role of the new account{" "}
              <select name="role">
                <option value="creator">creator</option>
                <option value="viewer">viewer</option>
              </select>
            </label>
            <button class="button secondary" type="submit">Create an invitation link</button>
          </form>
          <AdminCreateUser />
        </AdminShell>,
      );
    })
    .post("/admin/users/:id/role", async (c) => {
      const { role } = validate(roleFormSchema, await formText(c));
      await changeRole(deps.sql, idOf(c), { role, actor: auditActor(c, deps) });
      return back(c, "role");
    })
    .post("/admin/users/:id/trusted", async (c) => {
      const { trusted } = validate(trustedSchema, await formText(c));
      await setTrusted(deps.sql, idOf(c), { trusted, actor: auditActor(c, deps) });
      return back(c, "trusted");
    })
    .post("/admin/users/:id/ban", async (c) => {
      const ban = validate(banFormSchema, await formText(c));
      await setUserBan(deps.sql, idOf(c), { ban, actor: auditActor(c, deps) });
      return c.redirect(`/admin/users/${idOf(c)}?done=banned`, 303);
    })
    .post("/admin/users/:id/unban", async (c) => {
      await setUserBan(deps.sql, idOf(c), { ban: null, actor: auditActor(c, deps) });
      return c.redirect(`/admin/users/${idOf(c)}?done=unbanned`, 303);
    })
    .post("/admin/invitations", async (c) => {
      const { role } = validate(inviteSchema, await formText(c));
      const { token } = await createInvitation(deps.sql, { role, actor: auditActor(c, deps) });
      return c.redirect(`/admin/users?invite=${token}`, 303);
    });
}

function doneText(done: string | undefined): string | undefined {
  const texts: Record<string, string> = {
    role: "Role changed; their sessions ended.",
    trusted: "Trusted flag changed.",
    group: "Access group changed; their sessions ended.",
    tier: "Tier changed.",
  };
  return done ? texts[done] : undefined;
}

function UserRow(props: { user: AdminUserRow; facts?: UserAdminFacts; groups: AccessGroup[] }) {
  const u = props.user;
  const base = `/admin/users/${u.id}`;
  return (
    <tr>
      <td class="wrap-anywhere">
        <a href={`/u/${u.id}`}>{u.displayName}</a>
        <br />
        <span class="muted">{u.email} · {countText(u.videos, "video")}</span>
      </td>
      <td>
        <form method="post" action={`${base}/role`} class="admin-row">
          <CsrfField />
          <label class="visually-hidden" for={`role-${u.id}`}>Role of {u.displayName}</label>
          <select id={`role-${u.id}`} name="role">
            {ROLES.map((r) => <option key={r} value={r} selected={u.role === r}>{r}</option>)}
          </select>
          <button class="button small secondary" type="submit">Set</button>
        </form>
      </td>
      <td>
        <AccessGroupCell user={u} groups={props.groups} />
      </td>
      <td>
        <form method="post" action={`${base}/trusted`} class="admin-row">
          <CsrfField />
          <input type="hidden" name="trusted" value={u.trusted ? "false" : "true"} />
          <span>{u.trusted ? "yes" : "no"}</span>
          <button class="button small secondary" type="submit">
            {u.trusted ? "Untrust" : "Trust"}
          </button>
        </form>
      </td>
      {premiumEnforced() && (
        <td>
          <AdminTierCell user={u} />
        </td>
      )}
      <td>
        <AdminUserStatus user={u} facts={props.facts} />
      </td>
    </tr>
  );
}
