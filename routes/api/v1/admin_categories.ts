import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import type { Sql } from "../../../lib/db/mod.ts";
import {
  CATEGORY_SLUG,
  createCategory,
  deleteCategory,
  listCategories,
  MAX_CATEGORY_LENGTH,
  updateCategory,
} from "../../../lib/videos/categories.ts";
import { requireRole } from "../../../middleware/auth.ts";
import { readJson } from "../../_body.ts";
import { validate } from "../../_validate.ts";
import { plain } from "../../_video_schemas.ts";
import { apiRouter, errors, json, jsonBody, SIGNED_IN, withBodyReadByHandler } from "./_openapi.ts";

const slug = z.string().max(MAX_CATEGORY_LENGTH).regex(CATEGORY_SLUG, "Use a-z, 0-9 and -.");
const name = z.string().trim().min(1).max(MAX_CATEGORY_LENGTH)
  .refine(plain, "The name contains characters that are not allowed.");
const position = z.number().int().min(-1_000_000).max(1_000_000);
const category = z.object({ slug, name, position }).meta({ id: "Category" });
const createBody = z.object({ slug, name, position: position.default(0) }).strict();
const patchBody = z.object({ slug, name, position }).partial().strict();
const slugParam = z.object({ slug });
const tags = ["admin"];
const admin = { tags, security: SIGNED_IN } as const;

const list = createRoute({
  ...admin,
  method: "get",
  path: "/api/v1/admin/categories",
  operationId: "listCategories",
  summary: "Every category in display order",
  responses: {
    200: json(z.object({ categories: z.array(category) }), "The categories."),
    ...errors(401, 403, 429),
  },
});

const create = createRoute({
  ...admin,
  method: "post",
  path: "/api/v1/admin/categories",
  operationId: "createCategory",
  summary: "Add a category",
  request: { body: jsonBody(createBody) },
  responses: {
    201: json(z.object({ category }), "Added."),
    ...errors(400, 401, 403, 409, 413, 429),
  },
});

const patch = createRoute({
  ...admin,
  method: "patch",
  path: "/api/v1/admin/categories/{slug}",
  operationId: "updateCategory",
  summary: "Rename, re-slug or move a category (its videos follow)",
  request: { params: slugParam, body: jsonBody(patchBody) },
  responses: {
    200: json(z.object({ category }), "Changed."),
    ...errors(400, 401, 403, 404, 409, 413, 429),
  },
});

const remove = createRoute({
  ...admin,
  method: "delete",
  path: "/api/v1/admin/categories/{slug}",
  operationId: "deleteCategory",
  summary: "Remove a category (its videos become uncategorised)",
  request: { params: slugParam },
  responses: { 204: { description: "Removed." }, ...errors(400, 401, 403, 404, 429) },
});

/**
 * GET/POST /api/v1/admin/categories, PATCH/DELETE /api/v1/admin/categories/:slug.
 * Admins only; the list itself is public on pages (/c/:slug, the studio select).
 */
export function adminCategoryRoutes(deps: { sql: Sql }): OpenAPIHono {
  const app = apiRouter();
  app.use("/api/v1/admin/categories", requireRole("admin"));
  app.use("/api/v1/admin/categories/*", requireRole("admin"));
  return app
    .openapi(list, async (c) => {
      c.header("Cache-Control", "private, no-store");
      return c.json({ categories: await listCategories(deps.sql) }, 200);
    })
    .openapi(withBodyReadByHandler(app, create), async (c) => {
      const input = validate(createBody, await readJson(c));
      return c.json({ category: await createCategory(deps.sql, input) }, 201);
    })
    .openapi(withBodyReadByHandler(app, patch), async (c) => {
      const { slug } = c.req.valid("param");
      const input = validate(patchBody, await readJson(c));
      return c.json({ category: await updateCategory(deps.sql, slug, input) }, 200);
    })
    .openapi(remove, async (c) => {
      const { slug } = c.req.valid("param");
      await deleteCategory(deps.sql, slug);
      return c.body(null, 204);
    });
}
