import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import type { Sql } from "../../../lib/db/mod.ts";
import {
  addItem,
  createPlaylist,
  deletePlaylist,
  findChangeablePlaylist,
  findPlaylist,
  listItems,
  listOwnPlaylists,
  listPublicPlaylists,
  moveItem,
  removeItem,
  updatePlaylist,
} from "../../../lib/playlists/mod.ts";
import { requireUser } from "../../../middleware/auth.ts";
import { readJson } from "../../_body.ts";
import { validate } from "../../_validate.ts";
import {
  ANYONE,
  apiRouter,
  errors,
  idParam,
  json,
  jsonBody,
  SIGNED_IN,
  withBodyReadByHandler,
} from "./_openapi.ts";
import {
  addItemBody,
  createPlaylistBody,
  cursorQuery,
  moveItemBody,
  playlistItemSchema,
  playlistSchema,
  updatePlaylistBody,
} from "./_playlist_schemas.ts";

const tags = ["playlists"];
const one = z.object({ playlist: playlistSchema });
const itemParams = z.object({ id: z.uuid(), videoId: z.uuid() });
const ownerQuery = cursorQuery.extend({ ownerId: z.uuid() });

const route = <R extends Parameters<typeof createRoute>[0]>(r: R) =>
  createRoute({ tags, ...r, security: r.security ?? SIGNED_IN });

const create = route({
  method: "post",
  path: "/api/v1/playlists",
  operationId: "createPlaylist",
  summary: "Create a playlist (at most 200 per user)",
  middleware: requireUser(),
  request: { body: jsonBody(createPlaylistBody) },
  responses: { 201: json(one, "Created."), ...errors(400, 401, 403, 409, 413, 429) },
});
const listPublic = route({
  method: "get",
  path: "/api/v1/playlists",
  operationId: "listPlaylists",
  summary: "A user's public playlists, newest change first",
  security: ANYONE,
  request: { query: ownerQuery },
  responses: {
    200: json(
      z.object({ playlists: z.array(playlistSchema), nextCursor: z.string().nullable() }),
      "A page.",
    ),
    ...errors(400, 429),
  },
});
const mine = route({
  method: "get",
  path: "/api/v1/users/me/playlists",
  operationId: "listMyPlaylists",
  summary: "The caller's playlists (Watch later first), and whether each holds a video",
  description: "One page: a user has at most 200 playlists and Watch later.",
  middleware: requireUser(),
  request: { query: z.object({ contains: z.uuid().optional() }) },
  responses: {
    200: json(
      z.object({ playlists: z.array(playlistSchema.extend({ contains: z.boolean() })) }),
      "Every playlist of the caller.",
    ),
    ...errors(400, 401, 429),
  },
});
const getOne = route({
  method: "get",
  path: "/api/v1/playlists/{id}",
  operationId: "getPlaylist",
  summary: "A playlist the caller may open (private: its owner only)",
  security: ANYONE,
  request: { params: idParam },
  responses: { 200: json(one, "The playlist."), ...errors(400, 404, 429) },
});
const patch = route({
  method: "patch",
  path: "/api/v1/playlists/{id}",
  operationId: "updatePlaylist",
  summary: "Rename, describe or share a playlist (not Watch later)",
  middleware: requireUser(),
  request: { params: idParam, body: jsonBody(updatePlaylistBody) },
  responses: { 200: json(one, "Changed."), ...errors(400, 401, 403, 404, 409, 413, 429) },
});
const remove = route({
  method: "delete",
  path: "/api/v1/playlists/{id}",
  operationId: "deletePlaylist",
  summary: "Delete a playlist (not Watch later)",
  middleware: requireUser(),
  request: { params: idParam },
  responses: { 204: { description: "Deleted." }, ...errors(400, 401, 403, 404, 409, 429) },
});
const items = route({
  method: "get",
  path: "/api/v1/playlists/{id}/items",
  operationId: "listPlaylistItems",
  summary: "The members the caller may see, in order",
  security: ANYONE,
  request: { params: idParam, query: cursorQuery },
  responses: {
    200: json(
      z.object({ items: z.array(playlistItemSchema), nextCursor: z.string().nullable() }),
      "A page.",
    ),
    ...errors(400, 404, 429),
  },
});
const add = route({
  method: "post",
  path: "/api/v1/playlists/{id}/items",
  operationId: "addPlaylistItem",
  summary: "Append a video (at most 5,000 per playlist); adding one twice changes nothing",
  middleware: requireUser(),
  request: { params: idParam, body: jsonBody(addItemBody) },
  responses: {
    201: json(z.object({ added: z.literal(true) }), "Added."),
    200: json(z.object({ added: z.literal(false) }), "Already there."),
    ...errors(400, 401, 403, 404, 409, 413, 429),
  },
});
const removeOne = route({
  method: "delete",
  path: "/api/v1/playlists/{id}/items/{videoId}",
  operationId: "removePlaylistItem",
  summary: "Remove a video from a playlist",
  middleware: requireUser(),
  request: { params: itemParams },
  responses: { 204: { description: "Removed." }, ...errors(400, 401, 403, 404, 429) },
});
const move = route({
  method: "put",
  path: "/api/v1/playlists/{id}/items/{videoId}/position",
  operationId: "movePlaylistItem",
  summary: "Move a video right after another member (or first)",
  middleware: requireUser(),
  request: { params: itemParams, body: jsonBody(moveItemBody) },
  responses: { 204: { description: "Moved." }, ...errors(400, 401, 403, 404, 409, 413, 429) },
});

/**
 * /api/v1/playlists… and /api/v1/users/me/playlists. Reading follows
 * mayOpen() (private: the owner only; a playlist one may not open is a 404),
 * changing follows mayChange() (the owner; admins for shared ones; else 403).
 */
export function playlistApiRoutes(deps: { sql: Sql; mediaBaseUrl?: string }): OpenAPIHono {
  const app = apiRouter();
  const { sql } = deps;
  app.use("/api/v1/playlists/*", async (c, next) => {
    await next();
    c.header("Cache-Control", "private, no-store");
  });
  return app
    .openapi(withBodyReadByHandler(app, create), async (c) => {
      const body = validate(createPlaylistBody, await readJson(c));
      const user = c.get("user")!;
      const id = await createPlaylist(sql, user.id, body);
      return c.json({ playlist: await findPlaylist(sql, { playlistId: id, viewer: user }) }, 201);
    })
    .openapi(listPublic, async (c) => {
      const { ownerId, cursor, limit } = c.req.valid("query");
      const viewer = c.get("user");
      return c.json(await listPublicPlaylists(sql, { ownerId, viewer, cursor, limit }), 200);
    })
    .openapi(mine, async (c) => {
      const { contains } = c.req.valid("query");
      c.header("Cache-Control", "private, no-store");
      return c.json(
        { playlists: await listOwnPlaylists(sql, { user: c.get("user")!, contains }) },
        200,
      );
    })
    .openapi(getOne, async (c) => {
      const { id } = c.req.valid("param");
      return c.json({
        playlist: await findPlaylist(sql, { playlistId: id, viewer: c.get("user") }),
      }, 200);
    })
    .openapi(withBodyReadByHandler(app, patch), async (c) => {
      const { id } = c.req.valid("param");
      const body = validate(updatePlaylistBody, await readJson(c));
      const viewer = c.get("user");
      const playlist = await findChangeablePlaylist(sql, { playlistId: id, viewer });
      await updatePlaylist(sql, playlist, body);
      return c.json({ playlist: await findPlaylist(sql, { playlistId: id, viewer }) }, 200);
    })
    .openapi(remove, async (c) => {
      const { id } = c.req.valid("param");
      await deletePlaylist(
        sql,
        await findChangeablePlaylist(sql, { playlistId: id, viewer: c.get("user") }),
      );
      return c.body(null, 204);
    })
    .openapi(items, async (c) => {
      const { id } = c.req.valid("param");
      const { cursor, limit } = c.req.valid("query");
      const viewer = c.get("user");
      await findPlaylist(sql, { playlistId: id, viewer });
      const page = await listItems(sql, {
        playlistId: id,
        viewer,
        cursor,
        limit,
        mediaBaseUrl: deps.mediaBaseUrl,
      });
      return c.json(page, 200);
    })
    .openapi(withBodyReadByHandler(app, add), async (c) => {
      const { id } = c.req.valid("param");
      const { videoId } = validate(addItemBody, await readJson(c));
      const viewer = c.get("user");
      const playlist = await findChangeablePlaylist(sql, { playlistId: id, viewer });
      const { added } = await addItem(sql, playlist, { videoId, viewer });
      return added ? c.json({ added: true as const }, 201) : c.json({ added: false as const }, 200);
    })
    .openapi(removeOne, async (c) => {
      const { id, videoId } = c.req.valid("param");
      const playlist = await findChangeablePlaylist(sql, { playlistId: id, viewer: c.get("user") });
      await removeItem(sql, playlist, videoId);
      return c.body(null, 204);
    })
    .openapi(withBodyReadByHandler(app, move), async (c) => {
      const { id, videoId } = c.req.valid("param");
      const { afterVideoId } = validate(moveItemBody, await readJson(c));
      const playlist = await findChangeablePlaylist(sql, { playlistId: id, viewer: c.get("user") });
      await moveItem(sql, playlist, { videoId, afterVideoId });
      return c.body(null, 204);
    });
}
