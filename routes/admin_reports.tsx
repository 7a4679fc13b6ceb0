import { countText } from "../lib/shared/social.ts";
import { Hono } from "hono";
import { AdminShell } from "../components/AdminShell.tsx";
import { CsrfField } from "../components/CsrfField.tsx";
import type { Sql } from "../lib/db/mod.ts";
import {
  actOnReports,
  type CommentRemover,
  openReportGroups,
  type ReportGroup,
} from "../lib/moderation/reports.ts";
import { reportActionSchema } from "../lib/moderation/schemas.ts";
import type { Storage } from "../lib/storage/types.ts";
import { requireRole, requireUser } from "../middleware/auth.ts";
import { auditActor } from "./_audit_actor.ts";
import { formText } from "./_form.ts";
import { page } from "./_render.tsx";
import { validate } from "./_validate.ts";

/** What the reports page needs; `removeComment` is the comments feature's to provide. */
export interface AdminReportsDeps {
  sql: Sql;
  storage: Storage;
  trustProxy: boolean;
  removeComment?: CommentRemover;
}

/**
 * /admin/reports (moderators and admins): open reports grouped by target with
 * counts, reasons and details, and the actions on a group (dismiss, remove
 * the content, ban the user), each audited by lib/moderation/reports.ts.
 */
export function adminReportRoutes(deps: AdminReportsDeps): Hono {
  const guard = [requireUser({ signInPage: true }), requireRole("moderator", "admin")];
  return new Hono()
    .use("/admin/reports", ...guard)
    .use("/admin/reports/*", ...guard)
    .get("/admin/reports", async (c) => {
      const groups = await openReportGroups(deps.sql, { limit: 50 });
      c.header("Cache-Control", "private, no-store");
      const done = c.req.query("done");
      return page(
        c,
        <AdminShell
          title="Reports"
          active="/admin/reports"
          notice={done && ["dismiss", "remove", "warn", "ban"].includes(done)
            ? `Done: ${done}.`
            : undefined}
        >
          {groups.length === 0 ? <p class="muted">No open reports.</p> : (
            <ol class="review-list">
              {groups.map((g) => <GroupItem key={`${g.targetKind}:${g.targetId}`} group={g} />)}
            </ol>
          )}
        </AdminShell>,
      );
    })
    .post("/admin/reports/act", async (c) => {
      const input = validate(reportActionSchema, await formText(c));
      await actOnReports(deps, { kind: input.targetKind, id: input.targetId }, {
        action: input.action,
        reason: input.reason,
        actor: { ...auditActor(c, deps), role: c.get("user")!.role },
      });
      return c.redirect(`/admin/reports?done=${input.action}`, 303);
    });
}

function GroupItem(props: { group: ReportGroup }) {
  const g = props.group;
  const href = g.targetKind === "video"
    ? `/v/${g.targetId}`
    : g.targetKind === "user"
    ? `/u/${g.targetId}`
    : undefined;
  const name = g.label ?? `${g.targetKind} ${g.targetId.slice(0, 8)}`;
  const act = (action: string, label: string, danger = false) => (
    <form method="post" action="/admin/reports/act">
      <CsrfField />
      <input type="hidden" name="targetKind" value={g.targetKind} />
      <input type="hidden" name="targetId" value={g.targetId} />
      <input type="hidden" name="action" value={action} />
      <button class={`button small ${danger ? "danger" : "secondary"}`} type="submit">
        {label}
      </button>
    </form>
  );
  return (
    <li class="report-group">
      <h2 class="wrap-anywhere">
        {g.targetKind}: {href ? <a href={href}>{name}</a> : name}
      </h2>
      <p>
        <strong>{countText(g.count, "report")}</strong> · {g.reasons.join(", ")} · latest{" "}
        {g.latestAt.toISOString().slice(0, 16).replace("T", " ")} UTC
      </p>
      {g.details?.length
        ? <ul>{g.details.map((d, i) => <li key={i} class="wrap-anywhere">{d}</li>)}</ul>
        : null}
      <div class="admin-row">
        {act("dismiss", "Dismiss")}
        {g.targetKind !== "user" && act("remove", "Remove content", true)}
        {g.userId && act("warn", "Warn the user")}
        {g.userId && act("ban", "Ban the user", true)}
      </div>
    </li>
  );
}
