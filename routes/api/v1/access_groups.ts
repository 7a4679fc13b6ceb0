import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import { setUserAccessGroup } from "../../../lib/access_groups/assign.ts";
import {
  accessGroupName,
  createAccessGroup,
  listAccessGroups,
  removeAccessGroup,
  renameAccessGroup,
} from "../../../lib/access_groups/groups.ts";
import type { Sql } from "../../../lib/db/mod.ts";
import { requireRole } from "../../../middleware/auth.ts";
import { auditActor } from "../../_audit_actor.ts";
import { readJson } from "../../_body.ts";
import { validate } from "../../_validate.ts";
import { apiRouter, errors, json, jsonBody, SIGNED_IN, withBodyReadByHandler } from "./_openapi.ts";

const group = z.object({
  id: z.number().int(),
  name: z.string(),
  members: z.number().int().meta({ description: "Users holding it." }),
}).meta({ id: "AccessGroup" });
const nameBody = z.object({ name: accessGroupName }).strict();
const assignBody = z.object({
  accessGroupId: z.number().int().min(1).max(999_999_999).nullable()
    .meta({ description: "The group's id, or null for none." }),
}).strict();
const groupParam = z.object({ id: z.coerce.number().int().min(1).max(999_999_999) });
const userParam = z.object({ id: z.uuid("Not a user id.") });
const admin = { tags: ["admin"], security: SIGNED_IN, middleware: requireRole("admin") };

const list = createRoute({
  ...admin,
  method: "get",
  path: "/api/v1/admin/access-groups",
  operationId: "listAccessGroups",
  summary: "Every access group (category role), by name, with its member count",
  responses: {
    200: json(z.object({ groups: z.array(group) }), "The groups."),
    ...errors(401, 403, 429),
  },
});
const create = createRoute({
  ...admin,
  method: "post",
  path: "/api/v1/admin/access-groups",
  operationId: "createAccessGroup",
  summary: "Add an access group",
  request: { body: jsonBody(nameBody) },
  responses: {
    201: json(z.object({ group }), "Added."),
    ...errors(400, 401, 403, 409, 413, 429),
  },
});
const rename = createRoute({
  ...admin,
  method: "patch",
  path: "/api/v1/admin/access-groups/{id}",
  operationId: "renameAccessGroup",
  summary: "Rename an access group (its users and videos keep it)",
  request: { params: groupParam, body: jsonBody(nameBody) },
  responses: {
    200: json(z.object({ group }), "Renamed."),
    ...errors(400, 401, 403, 404, 409, 413, 429),
  },
});
const remove = createRoute({
  ...admin,
  method: "delete",
  path: "/api/v1/admin/access-groups/{id}",
  operationId: "removeAccessGroup",
  summary: "Remove an access group nobody holds (409 otherwise)",
  request: { params: groupParam },
  responses: { 204: { description: "Removed." }, ...errors(400, 401, 403, 404, 409, 429) },
});
const assign = createRoute({
  ...admin,
  tags: ["users"],
  method: "put",
  path: "/api/v1/users/{id}/access-group",
  operationId: "setUserAccessGroup",
  summary: "Give a user an access group or none (their sessions and media tokens end at once)",
  request: { params: userParam, body: jsonBody(assignBody) },
  responses: { 204: { description: "Set." }, ...errors(400, 401, 403, 404, 413, 429) },
});

/**
 * GET/POST /api/v1/admin/access-groups, PATCH/DELETE
 * /api/v1/admin/access-groups/:id, PUT /api/v1/users/:id/access-group (admins).
 */
export function accessGroupApiRoutes(deps: { sql: Sql; trustProxy: boolean }): OpenAPIHono {
  const app = apiRouter();
  return app
    .openapi(list, async (c) => {
      c.header("Cache-Control", "private, no-store");
      return c.json({ groups: await listAccessGroups(deps.sql) }, 200);
    })
    .openapi(withBodyReadByHandler(app, create), async (c) => {
      const { name } = validate(nameBody, await readJson(c));
      const created = await createAccessGroup(deps.sql, name, { actor: auditActor(c, deps) });
      return c.json({ group: created }, 201);
    })
    .openapi(withBodyReadByHandler(app, rename), async (c) => {
      const { id } = c.req.valid("param");
      const { name } = validate(nameBody, await readJson(c));
      const renamed = await renameAccessGroup(deps.sql, id, { name, actor: auditActor(c, deps) });
      return c.json({ group: renamed }, 200);
    })
    .openapi(remove, async (c) => {
      await removeAccessGroup(deps.sql, c.req.valid("param").id, { actor: auditActor(c, deps) });
      return c.body(null, 204);
    })
    .openapi(withBodyReadByHandler(app, assign), async (c) => {
      const { id } = c.req.valid("param");
      const { accessGroupId } = validate(assignBody, await readJson(c));
      await setUserAccessGroup(deps.sql, id, {
        groupId: accessGroupId,
        actor: auditActor(c, deps),
      });
      return c.body(null, 204);
    });
}
