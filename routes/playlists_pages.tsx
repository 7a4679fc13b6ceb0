import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";
import { Field, Form } from "../components/Form.tsx";
import { Layout } from "../components/Layout.tsx";
import { PlaylistList } from "../components/PlaylistList.tsx";
import { formatVideoCount, PlaylistCards, PRIVACY_LABELS } from "../components/PlaylistCards.tsx";
import { CsrfField } from "../components/CsrfField.tsx";
import PlaylistEditor from "../islands/PlaylistEditor.tsx";
import type { Sql } from "../lib/db/mod.ts";
import { NotFoundError, ValidationError } from "../lib/errors.ts";
import {
  createPlaylist,
  deletePlaylist,
  findChangeablePlaylist,
  findPlaylist,
  listItems,
  listOwnPlaylists,
  mayChange,
  moveItemBy,
  type Playlist,
  PLAYLIST_PRIVACIES,
  removeItem,
  updatePlaylist,
} from "../lib/playlists/mod.ts";
import { requireUser } from "../middleware/auth.ts";
import { formPost, type FormState, formText } from "./_form.ts";
import { page } from "./_render.tsx";
import { csrfToken } from "../middleware/csrf.ts";
import { validate } from "./_validate.ts";
import { createPlaylistBody } from "./api/v1/_playlist_schemas.ts";

/** Members per page of /p/:id. */
const PAGE_ITEMS = 100;
const pageQuery = z.object({ cursor: z.string().max(30).optional() });

const fields = (v: { title?: string; description?: string; visibility?: string }) => ({
  title: v.title ?? "",
  description: v.description ?? "",
  visibility: v.visibility ?? "private",
});

/**
 * /playlists (mine, and a form to create one), /p/:id (a playlist: anyone
 * it is open to; its owner also renames, describes, shares, reorders and
 * deletes it there). Every form works without JavaScript; the PlaylistEditor
 * island does the same through the JSON API without reloads.
 */
export function playlistPageRoutes(deps: { sql: Sql; mediaBaseUrl?: string }): Hono {
  const { sql } = deps;
  const signedIn = requireUser({ signInPage: true });
  const changeable = (c: Context) =>
    findChangeablePlaylist(sql, { playlistId: playlistId(c), viewer: c.get("user") });

  async function minePage(c: Context, state: FormState = {}, status: ContentfulStatusCode = 200) {
    const playlists = await listOwnPlaylists(sql, { user: c.get("user")! });
    return page(
      c,
      <Layout title="My playlists">
        <h1>My playlists</h1>
        {playlists.length > 0 && <PlaylistCards playlists={playlists} showPrivacy />}
        <section class="playlist-create" aria-labelledby="new-playlist">
          <h2 id="new-playlist">New playlist</h2>
          <Form action="/playlists" error={state.error}>
            <PlaylistFields values={state.values} errors={state.errors} />
            <button type="submit" class="button">Create playlist</button>
          </Form>
        </section>
      </Layout>,
      status,
    );
  }

  async function playlistPage(
    c: Context,
    playlist: Playlist,
    state: FormState = {},
    status: ContentfulStatusCode = 200,
  ) {
    const viewer = c.get("user");
    const { cursor } = validate(pageQuery, c.req.query());
    const { items, nextCursor } = await listItems(sql, {
      playlistId: playlist.id,
      viewer,
      cursor,
      limit: PAGE_ITEMS,
      mediaBaseUrl: deps.mediaBaseUrl,
    });
    const owner = mayChange(playlist, viewer);
    const custom = playlist.kind === "custom";
    if (playlist.visibility !== "public") c.header("Cache-Control", "private, no-store");
    return page(
      c,
      <Layout
        title={playlist.title}
        description={playlist.description.slice(0, 300) || undefined}
        head={playlist.visibility !== "public" && <meta name="robots" content="noindex" />}
      >
        <section class="playlist-head">
          <h1>{playlist.title}</h1>
          <p class="video-meta">
            <a href={`/u/${playlist.ownerId}`}>{playlist.ownerName}</a>
            {" · "}
            {formatVideoCount(playlist.videoCount)} · {PRIVACY_LABELS[playlist.visibility]}
          </p>
          {playlist.description && <p class="playlist-description">{playlist.description}</p>}
          {items.length > 0 && (
            <p>
              <a class="button" href={`/v/${items[0].id}?list=${playlist.id}`}>Play all</a>
            </p>
          )}
        </section>
        {owner
          ? (
            <PlaylistEditor
              playlistId={playlist.id}
              csrfToken={csrfToken(c)}
              items={items.map((i) => ({
                id: i.id,
                title: i.title,
                ownerName: i.ownerName,
                durationS: i.durationS,
                posterUrl: i.posterUrl,
              }))}
            />
          )
          : <PlaylistList playlistId={playlist.id} items={items} />}
        {nextCursor && (
          <p class="pager">
            <a class="button secondary" rel="next" href={`/p/${playlist.id}?cursor=${nextCursor}`}>
              More videos
            </a>
          </p>
        )}
        {owner && custom && (
          <details class="playlist-settings" open={!!state.error || !!state.errors}>
            <summary>Edit playlist</summary>
            <Form action={`/p/${playlist.id}/edit`} error={state.error}>
              <PlaylistFields values={state.values ?? fields(playlist)} errors={state.errors} />
              <button type="submit" class="button">Save changes</button>
            </Form>
            <form method="post" action={`/p/${playlist.id}/delete`} class="playlist-delete">
              <CsrfField />
              <button type="submit" class="button danger">Delete playlist</button>
            </form>
          </details>
        )}
      </Layout>,
      status,
    );
  }

  const rerenderPlaylist = async (c: Context, s: FormState, status: ContentfulStatusCode) =>
    await playlistPage(c, await changeable(c), s, status);

  return new Hono()
    .get("/playlists", signedIn, (c) => minePage(c))
    .post(
      "/playlists",
      signedIn,
      formPost(async (c, values) => {
        const body = validate(createPlaylistBody, fields(values));
        const id = await createPlaylist(sql, c.get("user")!.id, body);
        return c.redirect(`/p/${id}`, 303);
      }, { rerender: minePage }),
    )
    .get("/p/:id", async (c) => {
      const playlist = await findPlaylist(sql, {
        playlistId: playlistId(c),
        viewer: c.get("user"),
      });
      return await playlistPage(c, playlist);
    })
    .post(
      "/p/:id/edit",
      signedIn,
      formPost(async (c, values) => {
        const body = validate(createPlaylistBody, fields(values));
        await updatePlaylist(sql, await changeable(c), body);
        return c.redirect(`/p/${playlistId(c)}`, 303);
      }, { rerender: rerenderPlaylist }),
    )
    .post("/p/:id/delete", signedIn, async (c) => {
      await deletePlaylist(sql, await changeable(c));
      return c.redirect("/playlists", 303);
    })
    .post("/p/:id/items/:videoId/remove", signedIn, async (c) => {
      await removeItem(sql, await changeable(c), videoIdParam(c));
      return c.redirect(`/p/${playlistId(c)}`, 303);
    })
    .post("/p/:id/items/:videoId/move", signedIn, async (c) => {
      const playlist = await changeable(c);
      const videoId = videoIdParam(c);
      const { dir } = await formText(c);
      if (dir !== "up" && dir !== "down") throw new ValidationError("Move up or down.");
      await moveItemBy(sql, playlist, {
        videoId,
        by: dir === "up" ? -1 : 1,
        viewer: c.get("user"),
      });
      return c.redirect(`/p/${playlist.id}`, 303);
    });
}

function playlistId(c: Context): string {
  const id = z.uuid().safeParse(c.req.param("id"));
  if (!id.success) throw new NotFoundError("We could not find that playlist.");
  return id.data;
}

function videoIdParam(c: Context): string {
  const id = z.uuid().safeParse(c.req.param("videoId"));
  if (!id.success) throw new NotFoundError("That video is not in this playlist.");
  return id.data;
}

/** The title, description and privacy fields of the create and edit forms. */
function PlaylistFields(props: { values?: Record<string, string>; errors?: FormState["errors"] }) {
  const v = props.values ?? {};
  return (
    <>
      <Field
        name="title"
        label="Name"
        value={v.title}
        errors={props.errors}
        required
        maxLength={150}
      />
      <Field
        name="description"
        label="Description"
        value={v.description}
        errors={props.errors}
        multiline
        maxLength={5000}
      />
      <div class="field">
        <label for="f-visibility">Who can see it</label>
        <select id="f-visibility" name="visibility">
          {PLAYLIST_PRIVACIES.map((p) => (
            <option key={p} value={p} selected={(v.visibility ?? "private") === p}>
              {PRIVACY_LABELS[p]}
            </option>
          ))}
        </select>
      </div>
    </>
  );
}
