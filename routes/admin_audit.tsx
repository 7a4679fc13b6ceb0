import { Hono } from "hono";
import { AdminShell } from "../components/AdminShell.tsx";
import type { Sql } from "../lib/db/mod.ts";
import { AUDIT_ACTIONS, auditCsv, type AuditEntry, searchAudit } from "../lib/moderation/audit.ts";
import { auditQuerySchema } from "../lib/moderation/schemas.ts";
import { requireRole, requireUser } from "../middleware/auth.ts";
import { page } from "./_render.tsx";
import { validate } from "./_validate.ts";

const PAGE = 100;
/** The CSV export's bound: a bigger log is exported page by page (`before`). */
const CSV_ROWS = 10_000;

/**
 * /admin/audit (admins): the audit log, newest first, searchable by text and
 * action; /admin/audit.csv exports what the same filters select.
 */
export function adminAuditRoutes(deps: { sql: Sql }): Hono {
  const guard = [requireUser({ signInPage: true }), requireRole("admin")];
  return new Hono()
    .use("/admin/audit", ...guard)
    .use("/admin/audit.csv", ...guard)
    .get("/admin/audit", async (c) => {
      const f = validate(auditQuerySchema, c.req.query());
      const { entries, next } = await searchAudit(deps.sql, { ...f, limit: PAGE });
      const filters = new URLSearchParams({
        ...(f.q ? { q: f.q } : {}),
        ...(f.action ? { action: f.action } : {}),
      });
      c.header("Cache-Control", "private, no-store");
      return page(
        c,
        <AdminShell title="Audit log" active="/admin/audit">
          <form method="get" action="/admin/audit" class="admin-filters" role="search">
            <label>
              Search <input type="search" name="q" value={f.q ?? ""} maxLength={200} />
            </label>
            <label>
              Action
              <select name="action">
                <option value="">any</option>
                {AUDIT_ACTIONS.map((a) => (
                  <option key={a} value={a} selected={f.action === a}>{a}</option>
                ))}
              </select>
            </label>
            <button class="button secondary" type="submit">Search</button>
            <a class="button secondary" href={`/admin/audit.csv?${filters}`} download>
              Export CSV
            </a>
          </form>
          {entries.length === 0
            ? <p class="muted">No entry matches.</p>
            : (
              <div class="admin-table-wrap">
                <table class="admin-table">
                  <thead>
                    <tr>
                      <th scope="col">When (UTC)</th>
                      <th scope="col">Who</th>
                      <th scope="col">Action</th>
                      <th scope="col">Target</th>
                      <th scope="col">Details</th>
                      <th scope="col">From</th>
                    </tr>
                  </thead>
                  <tbody>{entries.map((e) => <EntryRow key={e.id} entry={e} />)}</tbody>
                </table>
              </div>
            )}
          {next && (
            <p class="pager">
              <a href={`/admin/audit?${filters}${filters.size ? "&" : ""}before=${next}`}>
                Older entries
              </a>
            </p>
          )}
        </AdminShell>,
      );
    })
    .get("/admin/audit.csv", async (c) => {
      const f = validate(auditQuerySchema, c.req.query());
      const { entries } = await searchAudit(deps.sql, { ...f, limit: CSV_ROWS });
      return c.body(auditCsv(entries), 200, {
        "Content-Type": "text/csv; charset=utf-8",
        "Content-Disposition": 'attachment; filename="audit-log.csv"',
        "Cache-Control": "private, no-store",
      });
    });
}

function EntryRow(props: { entry: AuditEntry }) {
  const e = props.entry;
  return (
    <tr>
      <td>{e.at.toISOString().slice(0, 19).replace("T", " ")}</td>
      <td class="wrap-anywhere">{e.actorName}</td>
      <td>{e.action}</td>
      <td class="wrap-anywhere">
        {e.targetKind === "user" && e.targetId
          ? <a href={`/u/${e.targetId}`}>user {e.targetId.slice(0, 8)}</a>
          : e.targetKind === "video" && e.targetId
          ? <a href={`/v/${e.targetId}`}>video {e.targetId.slice(0, 8)}</a>
          : `${e.targetKind ?? ""} ${e.targetId?.slice(0, 8) ?? ""}`}
      </td>
      <td class="wrap-anywhere">
        {Object.keys(e.details).length ? JSON.stringify(e.details) : ""}
      </td>
      <td class="wrap-anywhere">
        {e.ip ?? ""} {e.requestId && <span class="muted">#{e.requestId.slice(0, 12)}</span>}
      </td>
    </tr>
  );
}
