import { type Context, Hono } from "hono";
import { z } from "zod";
import { AdminShell } from "../components/AdminShell.tsx";
import { AdminSearch, AdminTable } from "../components/AdminTable.tsx";
import { CsrfField } from "../components/CsrfField.tsx";
import { formatDuration } from "../components/VideoCard.tsx";
import type { Sql } from "../lib/db/mod.ts";
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
import { afterCursor, keysetOf, nextPage, uuidParam } from "./_admin_list.ts";
import { auditActor } from "./_audit_actor.ts";
import { formText } from "./_form.ts";
import { page } from "./_render.tsx";
import { validate } from "./_validate.ts";

const PAGE = 50;
const VISIBILITIES = ["public", "unlisted", "private"] as const;
const filterSchema = z.object({
  q: z.string().trim().max(200).optional().transform((v) => v || undefined),
  status: z.enum(VIDEO_STATES).optional().or(z.literal("").transform(() => undefined)),
  after: afterCursor,
});
const visibilitySchema = z.object({ visibility: z.enum(VISIBILITIES) });

const idOf = (c: Context) => uuidParam(c, "video");

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
      const videos = await listAdminVideos(deps.sql, {
        q: f.q,
        status: f.status,
        after: keysetOf(f.after),
        limit: PAGE,
      });
      const next = nextPage("/admin/videos", videos, {
        limit: PAGE,
        filters: { q: f.q, status: f.status },
      });
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
          <AdminSearch action="/admin/videos" q={f.q}>
            <label>
              Status
              <select name="status">
                <option value="">any</option>
                {VIDEO_STATES.map((s) => (
                  <option key={s} value={s} selected={f.status === s}>{statusLabel(s)}</option>
                ))}
              </select>
            </label>
          </AdminSearch>
          <AdminTable
            headers={["Video", "Status", "Visibility", "Actions"]}
            count={videos.length}
            empty="No video matches."
            next={next}
          >
            {videos.map((v) => <VideoRow key={v.id} video={v} />)}
          </AdminTable>
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
