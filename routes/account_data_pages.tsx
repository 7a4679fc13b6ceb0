import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";
import { Field, Form } from "../components/Form.tsx";
import { Layout } from "../components/Layout.tsx";
import { requestAccountDeletion } from "../lib/account/deletion.ts";
import {
  listSourceExports,
  requestSourceExport,
  type SourceExport,
  sourceExportUrl,
} from "../lib/account/source_export.ts";
import type { AuthContext } from "../lib/auth/mod.ts";
import { formatBytes } from "../lib/shared/bytes.ts";
import type { Storage } from "../lib/storage/types.ts";
import { requireUser } from "../middleware/auth.ts";
import { clearSessionCookies } from "../middleware/session_cookies.ts";
import { formPost, type FormState } from "./_form.ts";
import { page } from "./_render.tsx";
import { NotFoundError, ValidationError } from "../lib/errors.ts";

const partParams = z.object({ id: z.uuid(), part: z.coerce.number().int().min(1).max(1000) });

/**
 * /settings/data: download everything as JSON, ask for an archive of the
 * source files (and download its parts), and delete the account after
 * entering the password again.
 */
export function accountDataPageRoutes(deps: { auth: AuthContext; storage: Storage }): Hono {
  const signedIn = requireUser({ signInPage: true });
  const { sql } = deps.auth;
  return new Hono()
    .get("/settings/data", signedIn, (c) => {
      const notice = c.req.query("requested") ? "Your archive is being prepared." : undefined;
      return dataPage(c, { notice });
    })
    .post(
      "/settings/data/exports",
      signedIn,
      formPost(async (c) => {
        await requestSourceExport(sql, c.get("user")!.id);
        return c.redirect("/settings/data?requested=1", 303);
      }, { rerender: (c, s, status) => dataPage(c, s, status) }),
    )
    .get("/settings/data/exports/:id/:part", signedIn, async (c) => {
      const p = partParams.safeParse(c.req.param());
      if (!p.success) throw new NotFoundError("That export is not available.");
      const url = await sourceExportUrl({ sql, storage: deps.storage }, c.get("user")!.id, {
        exportId: p.data.id,
        part: p.data.part,
      });
      c.header("Cache-Control", "private, no-store");
      return c.redirect(url, 303);
    })
    .post(
      "/settings/data/delete",
      signedIn,
      formPost(async (c, values) => {
        if (values.confirm !== "yes") {
          throw new ValidationError("Tick the box to confirm.", {
            details: { fields: [{ field: "confirm", message: "Tick the box to confirm." }] },
          });
        }
        await requestAccountDeletion(deps.auth, c.get("user")!.id, {
          password: (values.password ?? "").slice(0, 1000),
        });
        clearSessionCookies(c);
        return c.redirect("/signin?deleted=1", 303);
      }, { rerender: (c, s, status) => dataPage(c, s, status), forget: ["password"] }),
    );

  async function dataPage(c: Context, s: FormState, status: ContentfulStatusCode = 200) {
    const exports = await listSourceExports(sql, c.get("user")!.id);
    return page(
      c,
      <Layout title="Your data">
        <section class="form-card wide">
          <h1>Your data</h1>
          <h2>Download your data</h2>
          <p class="muted">
            One file with your profile, your videos' details, comments, likes, follows, playlists,
            watch history, notifications and sessions.
          </p>
          <p>
            <a class="button secondary" href="/api/v1/users/me/export" download>
              Download (JSON)
            </a>
          </p>
        </section>
        <section class="form-card wide">
          <h2>Your source files</h2>
          <p class="muted">
            An archive of the files you uploaded, prepared in the background; you are notified when
            it is ready. Archives are kept for 7 days.
          </p>
          <Form action="/settings/data/exports" error={s.error} notice={s.notice}>
            <button class="button secondary" type="submit">Prepare an archive</button>
          </Form>
          {exports.length > 0 && <ExportList exports={exports} />}
        </section>
        <section class="form-card wide danger-zone">
          <h2>Delete your account</h2>
          <p>
            This removes your account and everything in it: your videos and their files, comments,
            likes, follows, playlists and history. It cannot be undone. Your email address can be
            used for a new account afterwards.
          </p>
          <Form action="/settings/data/delete">
            <Field
              name="password"
              label="Your password"
              type="password"
              autocomplete="current-password"
              errors={s.errors}
              required
            />
            <label class="check">
              <input type="checkbox" name="confirm" value="yes" required />{" "}
              I understand that this deletes everything
            </label>
            {s.errors?.confirm && <p class="field-error">{s.errors.confirm}</p>}
            <button class="button danger" type="submit">Delete my account</button>
          </Form>
        </section>
      </Layout>,
      status,
    );
  }
}

function ExportList(props: { exports: SourceExport[] }) {
  const now = Date.now();
  return (
    <ul class="export-list">
      {props.exports.map((e) => {
        const when = e.createdAt.toISOString().slice(0, 16).replace("T", " ");
        const expired = e.expiresAt !== null && e.expiresAt.getTime() <= now;
        return (
          <li key={e.id}>
            <span>{when} UTC</span>{" "}
            {e.state === "pending" && <span class="muted">Being prepared…</span>}
            {e.state === "error" && <span class="form-error">Failed: {e.error}</span>}
            {e.state === "complete" && expired && <span class="muted">Expired</span>}
            {e.state === "complete" && !expired && (
              <span>
                {e.videoCount} files, {formatBytes(e.sizeBytes)}: {Array.from(
                  { length: e.parts },
                  (_, i) => (
                    <a key={i} href={`/settings/data/exports/${e.id}/${i + 1}`}>
                      {e.parts > 1 ? `part ${i + 1}` : "download"}
                    </a>
                  ),
                )}
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
