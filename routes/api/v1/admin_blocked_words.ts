import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import type { Sql } from "../../../lib/db/mod.ts";
import {
  foldWords,
  listBlockedWords,
  MAX_BLOCKED_WORDS,
  replaceBlockedWords,
} from "../../../lib/comments/blocked_words.ts";
import { requireRole } from "../../../middleware/auth.ts";
import { readJson } from "../../_body.ts";
import { auditActor } from "../../_audit_actor.ts";
import { validate } from "../../_validate.ts";
import { plain } from "../../_video_schemas.ts";
import { apiRouter, errors, json, jsonBody, SIGNED_IN, withBodyReadByHandler } from "./_openapi.ts";

const word = z.string().max(100)
  .refine(plain, "A word contains characters that are not allowed.")
  .refine((w) => foldWords(w).length <= 100, "At most 100 characters.");
const body = z.object({ words: z.array(word).max(MAX_BLOCKED_WORDS) }).strict();
const list = z.object({
  words: z.array(z.string()).meta({
    description: "Lower case, accents removed; each matches whole words.",
  }),
});
const tags = ["admin"];
const admin = { tags, security: SIGNED_IN } as const;
const PATH = "/api/v1/admin/blocked-words";

const get = createRoute({
  ...admin,
  method: "get",
  path: PATH,
  operationId: "listBlockedWords",
  summary: "Words and phrases that send a comment to review",
  responses: { 200: json(list, "The list."), ...errors(401, 403, 429) },
});

const put = createRoute({
  ...admin,
  method: "put",
  path: PATH,
  operationId: "replaceBlockedWords",
  summary: "Replace the blocked-word list (case and accents are ignored when matching)",
  request: { body: jsonBody(body) },
  responses: { 200: json(list, "The list as stored."), ...errors(400, 401, 403, 413, 429) },
});

/** GET/PUT /api/v1/admin/blocked-words: admins only; a replacement is audited. */
export function adminBlockedWordRoutes(deps: { sql: Sql; trustProxy: boolean }): OpenAPIHono {
  const app = apiRouter();
  app.use(PATH, requireRole("admin"));
  return app
    .openapi(get, async (c) => {
      c.header("Cache-Control", "private, no-store");
      return c.json({ words: await listBlockedWords(deps.sql) }, 200);
    })
    .openapi(withBodyReadByHandler(app, put), async (c) => {
      const { words } = validate(body, await readJson(c));
      const actor = auditActor(c, deps);
      return c.json({ words: await replaceBlockedWords(deps.sql, words, { actor }) }, 200);
    });
}
