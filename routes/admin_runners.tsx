import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { AdminShell } from "../components/AdminShell.tsx";
import { AdminTable } from "../components/AdminTable.tsx";
import { CsrfField } from "../components/CsrfField.tsx";
import { Field, Form } from "../components/Form.tsx";
import type { Sql } from "../lib/db/mod.ts";
import { REMOTE_KINDS } from "../lib/runners/kinds.ts";
import { issueRunnerToken, listRunnerTokens, revokeRunnerToken } from "../lib/runners/tokens.ts";
import { requireRole, requireUser } from "../middleware/auth.ts";
import { uuidParam } from "./_admin_list.ts";
import { auditActor } from "./_audit_actor.ts";
import { formPost, type FormState } from "./_form.ts";
import { page } from "./_render.tsx";

const when = (d: Date) => `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;

/** What the runners page needs. */
export interface AdminRunnersDeps {
  sql: Sql;
  trustProxy: boolean;
}

/**
 * /admin/runners (admins): issue a token for a remote runner (shown once),
 * see when each runner was last seen, revoke a token (its jobs go back to the
 * queue). Both actions are audited (lib/runners/tokens.ts).
 */
export function adminRunnerRoutes(deps: AdminRunnersDeps): Hono {
  const guard = [requireUser({ signInPage: true }), requireRole("admin")];
  const rerender = (c: Context, s: FormState, status: ContentfulStatusCode) =>
    runnersPage(c, s, status);
  return new Hono()
    .use("/admin/runners", ...guard)
    .use("/admin/runners/*", ...guard)
    .get("/admin/runners", (c) => {
      const done = c.req.query("done");
      return runnersPage(c, { notice: done === "revoke" ? "Revoked." : undefined });
    })
    .post(
      "/admin/runners",
      formPost(async (c, values) => {
        const kinds = REMOTE_KINDS.filter((k) => values[`kind_${k}`] === "on");
        const issued = await issueRunnerToken(deps.sql, {
          name: (values.name ?? "").slice(0, 200),
          kinds,
        }, { actor: auditActor(c, deps) });
        // Rendered, not redirected: the token must not travel in a URL, and is shown only now.
        return await runnersPage(c, { issued: { name: issued.name, token: issued.token } }, 201);
      }, { rerender }),
    )
    .post("/admin/runners/:id/revoke", async (c) => {
      await revokeRunnerToken(deps.sql, uuidParam(c, "runner"), { actor: auditActor(c, deps) });
      return c.redirect("/admin/runners?done=revoke", 303);
    });

  async function runnersPage(
    c: Context,
    s: FormState & { issued?: { name: string; token: string } },
    status: ContentfulStatusCode = 200,
  ) {
    const tokens = await listRunnerTokens(deps.sql, { limit: 200 });
    c.header("Cache-Control", "private, no-store");
    return page(
      c,
      <AdminShell title="Runners" active="/admin/runners" notice={s.notice}>
        <p class="muted">
          A runner (<code>deno task runner</code>) transcodes on another host with only{" "}
          <code>VIDEOFLOW_URL</code> and a token from this page: no database or storage access.
        </p>
        {s.issued && (
          <div class="runner-token" role="status">
            <p>
              Token for <strong>{s.issued.name}</strong>. Copy it now: it is not shown again.
            </p>
            <code class="wrap-anywhere">{s.issued.token}</code>
          </div>
        )}
        <h2>Issue a token</h2>
        <Form action="/admin/runners" error={s.error}>
          <Field
            name="name"
            label="Runner name"
            value={s.values?.name}
            errors={s.errors}
            required
            maxLength={80}
          />
          <fieldset class="field">
            <legend>Job kinds it may take</legend>
            {REMOTE_KINDS.map((k) => (
              <label class="checkbox">
                <input type="checkbox" name={`kind_${k}`} checked /> {k}
              </label>
            ))}
          </fieldset>
          <button class="button" type="submit">Issue token</button>
        </Form>
        <h2>Tokens</h2>
        <AdminTable
          headers={["Name", "Kinds", "Issued", "Last seen", "Status", ""]}
          count={tokens.length}
          empty="No runner tokens yet."
        >
          {tokens.map((t) => (
            <tr>
              <td>{t.name}</td>
              <td>{t.kinds.join(", ")}</td>
              <td>{when(t.createdAt)}</td>
              <td>{t.lastSeenAt ? when(t.lastSeenAt) : "never seen"}</td>
              <td>{t.revokedAt ? `revoked ${when(t.revokedAt)}` : "active"}</td>
              <td>
                {!t.revokedAt && (
                  <form method="post" action={`/admin/runners/${t.id}/revoke`}>
                    <CsrfField />
                    <button
                      class="button small secondary"
                      type="submit"
                      aria-label={`Revoke ${t.name}`}
                    >
                      Revoke
                    </button>
                  </form>
                )}
              </td>
            </tr>
          ))}
        </AdminTable>
      </AdminShell>,
      status,
    );
  }
}
