import { type Context, Hono } from "hono";
import { z } from "zod";
import { setUserAccessGroup } from "../lib/access_groups/assign.ts";
import {
  accessGroupChoice,
  accessGroupName,
  createAccessGroup,
  removeAccessGroup,
  renameAccessGroup,
} from "../lib/access_groups/groups.ts";
import type { Sql } from "../lib/db/mod.ts";
import { NotFoundError } from "../lib/errors.ts";
import { requireRole, requireUser } from "../middleware/auth.ts";
import { uuidParam } from "./_admin_list.ts";
import { auditActor } from "./_audit_actor.ts";
import { formText } from "./_form.ts";
import { validate } from "./_validate.ts";

const nameForm = z.object({ name: accessGroupName });
const assignForm = z.object({ group: accessGroupChoice });

function groupId(c: Context): number {
  const id = c.req.param("id") ?? "";
  if (!/^\d{1,9}$/.test(id)) throw new NotFoundError("No such access group.");
  return Number(id);
}

/**
 * The forms behind /admin/settings' access groups (add, rename, remove) and
 * /admin/users' access-group column (admins). Each answers with a redirect
 * back; the rules and the audit live in lib/access_groups/.
 */
export function accessGroupAdminRoutes(deps: { sql: Sql; trustProxy: boolean }): Hono {
  const guard = [requireUser({ signInPage: true }), requireRole("admin")];
  const settings = (c: Context, done: string) =>
    c.redirect(`/admin/settings?groups=${done}#access-groups`, 303);
  return new Hono()
    .use("/admin/access-groups", ...guard)
    .use("/admin/access-groups/*", ...guard)
    .use("/admin/users/:id/access-group", ...guard)
    .post("/admin/access-groups", async (c) => {
      const { name } = validate(nameForm, await formText(c));
      await createAccessGroup(deps.sql, name, { actor: auditActor(c, deps) });
      return settings(c, "added");
    })
    .post("/admin/access-groups/:id/rename", async (c) => {
      const { name } = validate(nameForm, await formText(c));
      await renameAccessGroup(deps.sql, groupId(c), { name, actor: auditActor(c, deps) });
      return settings(c, "renamed");
    })
    .post("/admin/access-groups/:id/remove", async (c) => {
      await removeAccessGroup(deps.sql, groupId(c), { actor: auditActor(c, deps) });
      return settings(c, "removed");
    })
    .post("/admin/users/:id/access-group", async (c) => {
      const { group } = validate(assignForm, await formText(c));
      await setUserAccessGroup(deps.sql, uuidParam(c, "user"), {
        groupId: group,
        actor: auditActor(c, deps),
      });
      return c.redirect("/admin/users?done=group", 303);
    });
}
