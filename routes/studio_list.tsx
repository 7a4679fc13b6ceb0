import { countText } from "../lib/shared/social.ts";
import { type Context, Hono } from "hono";
import { z } from "zod";
import { Layout } from "../components/Layout.tsx";
import { StudioConfirmDelete } from "../components/StudioConfirmDelete.tsx";
import { StudioList } from "../components/StudioList.tsx";
import type { LiveStatus } from "../islands/_StudioProgress.tsx";
import type { Sql } from "../lib/db/mod.ts";
import { ValidationError } from "../lib/errors.ts";
import type { Storage } from "../lib/storage/mod.ts";
import { bulkSchema, deleteVideosOf, ownedVideos, setVisibilityOf } from "../lib/studio/bulk.ts";
import { listStudioVideos, type StudioQuery, studioQuerySchema } from "../lib/studio/list.ts";
import { studioPosterUrl } from "../lib/studio/posters.ts";
import { listPendingUploads } from "../lib/uploads/pending.ts";
import { isInProgress, isProcessed } from "../lib/videos/lifecycle.ts";
import { getProcessingStatus } from "../lib/videos/processing.ts";
import { requireUser } from "../middleware/auth.ts";
import { readFormBody } from "../middleware/form_body.ts";
import { page } from "./_render.tsx";
import { validate } from "./_validate.ts";

/** What the studio list needs. */
export interface StudioListDeps {
  sql: Sql;
  storage: Storage;
  secret: string;
  mediaBaseUrl: string;
}

/**
 * GET /studio ("My videos": filters, search, sort, cursor pages, unfinished
 * uploads), POST /studio/bulk (visibility or delete for the ticked videos; a
 * delete asks for confirmation first) and GET /studio/delete?ids= (that
 * confirmation, for one row's Delete). Plain forms: they work without JS.
 */
export function studioListRoutes(deps: StudioListDeps): Hono {
  const signedIn = requireUser({ signInPage: true });
  return new Hono()
    .get("/studio", signedIn, async (c) => {
      const query = validate(studioQuerySchema, c.req.query());
      const notice = query.deleted
        ? `${countText(Number(query.deleted) || 0, "video")} deleted.`
        : query.updated
        ? `${countText(Number(query.updated) || 0, "video")} updated.`
        : undefined;
      return await listPage(c, query, { notice });
    })
    .post("/studio/bulk", signedIn, async (c) => {
      const userId = c.get("user")!.id;
      const form = await readBulkForm(c);
      let req;
      try {
        req = validate(bulkSchema, form);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        const message = (err.details as { fields?: { message: string }[] })?.fields?.[0]?.message;
        return await listPage(c, { sort: "newest", limit: 20 }, { error: message }, 400);
      }
      if (req.do === "delete") {
        if (req.confirm !== "yes") {
          const videos = await ownedVideos(deps.sql, userId, req.ids);
          return page(
            c,
            <Layout title="Delete videos">
              <StudioConfirmDelete videos={videos} />
            </Layout>,
          );
        }
        const n = await deleteVideosOf(deps, userId, req.ids);
        return c.redirect(`/studio?deleted=${n}`, 303);
      }
      const n = await setVisibilityOf(deps.sql, userId, { ids: req.ids, visibility: req.do });
      return c.redirect(`/studio?updated=${n}`, 303);
    })
    .get("/studio/delete", signedIn, async (c) => {
      const { ids } = validate(z.object({ ids: z.uuid() }), { ids: c.req.query("ids") });
      const videos = await ownedVideos(deps.sql, c.get("user")!.id, [ids]);
      return page(
        c,
        <Layout title="Delete video">
          <StudioConfirmDelete videos={videos} />
        </Layout>,
      );
    });

  async function listPage(
    c: Context,
    query: StudioQuery,
    s: { notice?: string; error?: string },
    status: 200 | 400 = 200,
  ) {
    const user = c.get("user")!;
    const [result, pending] = await Promise.all([
      listStudioVideos(deps.sql, user.id, query),
      listPendingUploads(deps.sql, user.id),
    ]);
    const statuses = await Promise.all(result.videos.map(async (v): Promise<LiveStatus> => {
      // Only rows still moving need the job's progress; the rest are what the row says.
      if (isInProgress(v.status)) {
        const live = await getProcessingStatus(deps.sql, v.id);
        if (live) return live;
      }
      return {
        status: v.status,
        progress: isProcessed(v.status) ? 100 : 0,
        error: v.statusReason,
        playable: v.playable,
        stage: null,
      };
    }));
    const posters = result.videos.map((v) =>
      studioPosterUrl(v, {
        secret: deps.secret,
        mediaBaseUrl: deps.mediaBaseUrl,
        viewerId: user.id,
      })
    );
    return page(
      c,
      <Layout title="My videos">
        <StudioList
          query={query}
          page={result}
          statuses={statuses}
          posters={posters}
          pending={pending}
          now={new Date()}
          {...s}
        />
      </Layout>,
      status,
    );
  }
}

/** The bulk form's fields, `ids` as a list (one per ticked box). */
async function readBulkForm(c: Context): Promise<Record<string, unknown>> {
  await readFormBody(c); // a malformed body is a 400 here, as for every form
  const body = await c.req.parseBody({ all: true });
  const one = (v: unknown) => (Array.isArray(v) ? v[0] : v);
  const ids = body.ids === undefined ? [] : [body.ids].flat();
  return { do: one(body.do), ids, confirm: one(body.confirm) };
}
