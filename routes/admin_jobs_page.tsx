import { type Context, Hono } from "hono";
import { AdminShell } from "../components/AdminShell.tsx";
import { CsrfField } from "../components/CsrfField.tsx";
import type { Sql } from "../lib/db/mod.ts";
import { cancelJobAudited, retryJobAudited } from "../lib/moderation/jobs_admin.ts";
import { type JobKindSpec, queueOverview } from "../lib/queue/mod.ts";
import { requireRole, requireUser } from "../middleware/auth.ts";
import { uuidParam } from "./_admin_list.ts";
import { auditActor } from "./_audit_actor.ts";
import { page } from "./_render.tsx";

/** What the jobs page needs (the same kinds as the admin jobs API, for cancel hooks). */
export interface AdminJobsPageDeps {
  sql: Sql;
  trustProxy: boolean;
  // deno-lint-ignore no-explicit-any
  kinds: JobKindSpec<any>[];
}

const idOf = (c: Context) => uuidParam(c, "job");

/**
 * /admin/jobs (admins): the queue view of lib/queue/admin.ts (counts by kind
 * and state, running jobs, dead letters with reasons) with cancel and retry.
 */
export function adminJobsPageRoutes(deps: AdminJobsPageDeps): Hono {
  const guard = [requireUser({ signInPage: true }), requireRole("admin")];
  return new Hono()
    .use("/admin/jobs", ...guard)
    .use("/admin/jobs/*", ...guard)
    .get("/admin/jobs", async (c) => {
      const q = await queueOverview(deps.sql, { limit: 50 });
      c.header("Cache-Control", "private, no-store");
      const done = c.req.query("done");
      return page(
        c,
        <AdminShell
          title="Jobs"
          active="/admin/jobs"
          notice={done === "cancel" ? "Cancelled." : done === "retry" ? "Queued again." : undefined}
        >
          <h2>Counts</h2>
          {q.counts.length === 0
            ? <p class="muted">No jobs in the last day.</p>
            : (
              <div class="admin-table-wrap">
                <table class="admin-table">
                  <thead>
                    <tr>
                      <th scope="col">Kind</th>
                      <th scope="col">State</th>
                      <th scope="col">Jobs</th>
                    </tr>
                  </thead>
                  <tbody>
                    {q.counts.map((r) => (
                      <tr>
                        <td>{r.kind}</td>
                        <td>{r.state}</td>
                        <td>{r.count}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          <h2>Running</h2>
          {q.running.length === 0 ? <p class="muted">Nothing running.</p> : (
            <ul class="review-list">
              {q.running.map((j) => (
                <li class="admin-row">
                  <span>
                    {j.kind} · {Math.round(j.progress)} % · {j.workerId ?? "?"} · attempt{" "}
                    {j.attempts}
                    {j.videoId && (
                      <>
                        {" · "}
                        <a href={`/v/${j.videoId}`}>video</a>
                      </>
                    )}
                  </span>
                  <ActionForm action={`/admin/jobs/${j.id}/cancel`} label="Cancel" />
                </li>
              ))}
            </ul>
          )}
          <h2>Dead letters</h2>
          {q.dead.length === 0 ? <p class="muted">No failed jobs.</p> : (
            <ul class="review-list">
              {q.dead.map((j) => (
                <li class="admin-row">
                  <span class="wrap-anywhere">
                    {j.kind} · {j.attempts} attempt(s) · {j.error ?? "no reason recorded"}
                  </span>
                  <ActionForm action={`/admin/jobs/${j.id}/retry`} label="Retry" />
                </li>
              ))}
            </ul>
          )}
        </AdminShell>,
      );
    })
    .post("/admin/jobs/:id/cancel", async (c) => {
      const actor = auditActor(c, deps);
      await cancelJobAudited(deps.sql, idOf(c), { actor, kinds: deps.kinds });
      return c.redirect("/admin/jobs?done=cancel", 303);
    })
    .post("/admin/jobs/:id/retry", async (c) => {
      await retryJobAudited(deps.sql, idOf(c), { actor: auditActor(c, deps) });
      return c.redirect("/admin/jobs?done=retry", 303);
    });
}

function ActionForm(props: { action: string; label: string }) {
  return (
    <form method="post" action={props.action}>
      <CsrfField />
      <button class="button small secondary" type="submit">{props.label}</button>
    </form>
  );
}
