import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import type { AuthContext } from "../../../lib/auth/mod.ts";
import {
  listSessions,
  MAX_SESSIONS_PAGE,
  revokeOtherSessions,
  revokeUserSession,
} from "../../../lib/auth/device_sessions.ts";
import { decodeSessionCursor, encodeSessionCursor } from "../../../lib/auth/session_cursor.ts";
import { ConflictError, NotFoundError } from "../../../lib/errors.ts";
import { requireUser } from "../../../middleware/auth.ts";
import { apiRouter, errors, json, SIGNED_IN } from "./_openapi.ts";

const tags = ["sessions"];
const me = { tags, security: SIGNED_IN, middleware: requireUser() };
const sessionSchema = z.object({
  id: z.uuid(),
  device: z.string().meta({ example: "Firefox 140 on Windows" }),
  userAgent: z.string().nullable().meta({ description: "As sent, at most 300 characters." }),
  ip: z.string().nullable().meta({ description: "Where it was last seen." }),
  createdAt: z.string().meta({ format: "date-time" }),
  lastSeenAt: z.string().meta({
    format: "date-time",
    description: "Approximate: updated at most every few minutes.",
  }),
  current: z.boolean().meta({ description: "The session making this request." }),
}).meta({ id: "DeviceSession" });

const list = createRoute({
  ...me,
  method: "get",
  path: "/api/v1/users/me/sessions",
  operationId: "listMySessions",
  summary: "The signed-in devices (sessions), newest first",
  request: {
    query: z.object({
      cursor: z.string().max(200).optional(),
      limit: z.coerce.number().int().min(1).max(MAX_SESSIONS_PAGE).optional(),
    }),
  },
  responses: {
    200: json(
      z.object({ sessions: z.array(sessionSchema), nextCursor: z.string().nullable() }),
      "A page of sessions.",
    ),
    ...errors(400, 401, 429),
  },
});
const revoke = createRoute({
  ...me,
  method: "delete",
  path: "/api/v1/users/me/sessions/{id}",
  operationId: "revokeMySession",
  summary: "Sign out one session (its refresh and access tokens stop working)",
  request: { params: z.object({ id: z.uuid("Not a session id.") }) },
  responses: { 204: { description: "Signed out." }, ...errors(400, 401, 403, 404, 429) },
});
const revokeOthers = createRoute({
  ...me,
  method: "post",
  path: "/api/v1/users/me/sessions/revoke-others",
  operationId: "revokeMyOtherSessions",
  summary: "Sign out every session but this one",
  responses: {
    200: json(z.object({ revoked: z.number().int() }), "How many sessions ended."),
    ...errors(401, 403, 409, 429),
  },
});

/** /api/v1/users/me/sessions: list the signed-in devices, sign one out, or all others. */
export function sessionsApiRoutes(deps: { auth: AuthContext }): OpenAPIHono {
  const sql = deps.auth.sql;
  return apiRouter()
    .openapi(list, async (c) => {
      const q = c.req.valid("query");
      const limit = q.limit ?? MAX_SESSIONS_PAGE;
      const rows = await listSessions(sql, c.get("user")!.id, {
        current: c.get("session")?.claims.sessionId,
        after: q.cursor ? decodeSessionCursor(q.cursor) : undefined,
        limit: limit + 1,
      });
      const page = rows.slice(0, limit);
      c.header("Cache-Control", "private, no-store");
      return c.json({
        sessions: page.map((s) => ({
          ...s,
          createdAt: s.createdAt.toISOString(),
          lastSeenAt: s.lastSeenAt.toISOString(),
        })),
        nextCursor: rows.length > limit ? encodeSessionCursor(page.at(-1)!) : null,
      }, 200);
    })
    .openapi(revoke, async (c) => {
      const { id } = c.req.valid("param");
      if (!await revokeUserSession(sql, c.get("user")!.id, id)) {
        throw new NotFoundError("No such session, or it has already ended.");
      }
      return c.body(null, 204);
    })
    .openapi(revokeOthers, async (c) => {
      const current = c.get("session")?.claims.sessionId;
      if (!current) throw new ConflictError("This session is too old to keep; sign in again.");
      return c.json({ revoked: await revokeOtherSessions(sql, c.get("user")!.id, current) }, 200);
    });
}
