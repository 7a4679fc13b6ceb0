import { type Context, Hono } from "hono";
import { z } from "zod";
import { AdminShell } from "../components/AdminShell.tsx";
import { CsrfField } from "../components/CsrfField.tsx";
import { formatDuration } from "../components/VideoCard.tsx";
import type { Sql } from "../lib/db/mod.ts";
import { NotFoundError } from "../lib/errors.ts";
import {
  type AdminVideoRow,
  deleteVideoAs,
  listAdminVideos,
  reprocessAsAdmin,
  setVisibilityAsAdmin,
} from "../lib/moderation/videos_admin.ts";
import type { Storage } from "../lib/storage/types.ts";
import { statusLabel, VIDEO_STATES } from "../lib/videos/lifecycle.ts";
import { requireRole, requireUser } from "../middleware/auth.ts";
import { auditActor } from "./_audit_actor.ts";
import { formText } from "./_form.ts";
import { page } from "./_render.tsx";
import { validate } from "./_validate.ts";

const PAGE = 50;
const VISIBILITIES = ["public", "unlisted", "private"] as const;
const filterSchema = z.object({
  q: z.string().trim().max(200).optional().transform((v) => v || undefined),
  status: z.enum(VIDEO_STATES).optional().or(z.literal("").transform(() => undefined)),
  after: z.string().regex(/^\d{4}-\d\d-\d\dT[\d:.]+Z_[0-9a-f-]{36}$/)
    .refine((a) => !Number.isNaN(Date.parse(a.split("_")[0])), "Not a page cursor.").optional(),
});
const visibilitySchema = z.object({ visibility: z.enum(VISIBILITIES) });

const idOf = (c: Context) => {
  const id = z.uuid().safeParse(c.req.param("id"));
  if (!id.success) throw new NotFoundError("No such video.");
  return id.data;
};

/**
 * /admin/videos (admins): every video in any state, filtered by status and
 * text, with failure reasons; re-run processing, change visibility, delete
 * (audited in lib/moderation/videos_admin.ts).
 */
export function adminVideoRoutes(deps: { sql: Sql; storage: Storage; trustProxy: boolean }): Hono {
  const guard = [requireUser({ signInPage: true }), requireRole("admin")];
  const back = (c: Context, done: string) => c.redirect(`/admin/videos?done=${done}`, 303);
  return new Hono()
    .use("/admin/videos", ...guard)
    .use("/admin/videos/*", ...guard)
    .get("/admin/videos", async (c) => {
      const f = validate(filterSchema, c.req.query());
      const [at, id] = f.after?.split("_") ?? [];
      const videos = await listAdminVideos(deps.sql, {
        q: f.q,
        status: f.status,
        after: at ? { at: new Date(at), id } : undefined,
        limit: PAGE,
      });
      const last = videos.length === PAGE ? videos.at(-1) : undefined;
      const next = last &&
        `?${new URLSearchParams({
          ...(f.q ? { q: f.q } : {}),
          ...(f.status ? { status: f.status } : {}),
          after: `${last.createdAt.toISOString()}_${last.id}`,
        })}`;
      const done = c.req.query("done");
      c.header("Cache-Control", "private, no-store");
      return page(
        c,
        <AdminShell
          title="Videos"
          active="/admin/videos"
          notice={done && ["deleted", "reprocess", "visibility"].includes(done)
            ? `Done: ${done}.`
            : undefined}
        >
          <form method="get" action="/admin/videos" class="admin-filters" role="search">
            <label>
              Search <input type="search" name="q" value={f.q ?? ""} maxLength={200} />
            </label>
            <label>
              Status
              <select name="status">
                <option value="">any</option>
                {VIDEO_STATES.map((s) => (
                  <option key={s} value={s} selected={f.status === s}>{statusLabel(s)}</option>
                ))}
              </select>
            </label>
            <button class="button secondary" type="submit">Filter</button>
          </form>
          <div class="admin-table-wrap">
            <table class="admin-table">
              <thead>
                <tr>
                  <th scope="col">Video</th>
                  <th scope="col">Status</th>
                  <th scope="col">Visibility</th>
                  <th scope="col">Actions</th>
                </tr>
              </thead>
              <tbody>{videos.map((v) => <VideoRow key={v.id} video={v} />)}</tbody>
            </table>
          </div>
          {videos.length === 0 && <p class="muted">No video matches.</p>}
          {next && (
            <p class="pager">
              <a href={`/admin/videos${next}`}>Next page</a>
            </p>
          )}
        </AdminShell>,
      );
    })
    .post("/admin/videos/:id/visibility", async (c) => {
      const { visibility } = validate(visibilitySchema, await formText(c));
      await setVisibilityAsAdmin(deps.sql, idOf(c), { visibility, actor: auditActor(c, deps) });
      return back(c, "visibility");
    })
    .post("/admin/videos/:id/reprocess", async (c) => {
      await reprocessAsAdmin(deps.sql, idOf(c), { actor: auditActor(c, deps) });
      return back(c, "reprocess");
    })
    .post("/admin/videos/:id/delete", async (c) => {
      await deleteVideoAs(deps, idOf(c), { actor: auditActor(c, deps) });
      return back(c, "deleted");
    });
}

function VideoRow(props: { video: AdminVideoRow }) {
  const v = props.video;
  const base = `/admin/videos/${v.id}`;
  return (
    <tr>
      <td class="wrap-anywhere">
        <a href={`/v/${v.id}`}>{v.title || "(untitled)"}</a>
        <br />
        <span class="muted">
          <a href={`/u/${v.ownerId}`}>{v.ownerName}</a> · {v.createdAt.toISOString().slice(0, 10)}
          {v.durationS !== null && <>{" · "}{formatDuration(v.durationS)}</>}
        </span>
      </td>
      <td>
        <span class={`status-badge status-${v.status}`}>{statusLabel(v.status)}</span>
        {v.statusReason && <p class="muted wrap-anywhere">{v.statusReason}</p>}
      </td>
      <td>
        <form method="post" action={`${base}/visibility`} class="admin-row">
          <CsrfField />
          <label class="visually-hidden" for={`vis-${v.id}`}>Visibility</label>
          <select id={`vis-${v.id}`} name="visibility">
            {VISIBILITIES.map((x) => (
              <option key={x} value={x} selected={v.visibility === x}>{x}</option>
            ))}
          </select>
          <button class="button small secondary" type="submit">Set</button>
        </form>
      </td>
      <td>
        <div class="admin-row">
          <form method="post" action={`${base}/reprocess`}>
            <CsrfField />
            <button class="button small secondary" type="submit">Reprocess</button>
          </form>
          <form method="post" action={`${base}/delete`}>
            <CsrfField />
            <button class="button small danger" type="submit">Delete</button>
          </form>
        </div>
      </td>
    </tr>
  );
}
