/**
 * The audit log: every sensitive action, appended with who did it, to what,
 * when, from which address and under which request id. The table refuses
 * UPDATE, DELETE and TRUNCATE (a trigger, migrations/0018_moderation.sql), so
 * no code path, and no mistaken query, can rewrite history.
 */
import type { Queryable } from "../db/mod.ts";
import { toCsv } from "../csv.ts";

/** The actions recorded, by name (`family.verb`). */
export const AUDIT_ACTIONS = [
  "user.role",
  "user.trusted",
  "user.ban",
  "user.unban",
  "user.warn",
  "user.quota",
  "user.create",
  "user.two_factor_reset",
  "user.tier",
  "video.approve",
  "video.reject",
  "video.delete",
  "video.visibility",
  "video.reprocess",
  "settings.change",
  "settings.quotas",
  "settings.blocked_words",
  "invitation.create",
  "report.dismiss",
  "report.remove",
  "job.cancel",
  "job.retry",
  "user.access_group",
  "access_group.create",
  "access_group.rename",
  "access_group.remove",
  "runner.issue",
  "runner.revoke",
  "chat.delete",
  "chat.timeout",
  "chat.ban",
  "chat.lift",
  "chat.settings",
] as const;

/** One recorded action's name. */
export type AuditAction = typeof AUDIT_ACTIONS[number];

/** Who acted, and from where (the request's address and id). */
export interface AuditActor {
  /** null: the system itself (an expired ban lifting). */
  id: string | null;
  name: string;
  ip?: string;
  requestId?: string;
}

/** What happened to what. */
export interface AuditEvent {
  action: AuditAction;
  target?: {
    kind:
      | "user"
      | "video"
      | "settings"
      | "report"
      | "job"
      | "invitation"
      | "access_group"
      | "runner";
    id: string;
  };
  /** Before/after values, reasons: small, never secrets. */
  details?: Record<string, unknown>;
}

/** A stored entry. */
export interface AuditEntry {
  id: string;
  at: Date;
  actorId: string | null;
  actorName: string;
  action: string;
  targetKind: string | null;
  targetId: string | null;
  details: Record<string, unknown>;
  ip: string | null;
  requestId: string | null;
}

/** Appends one entry (pass the transaction that made the change, so both commit or neither). */
export async function recordAudit(
  sql: Queryable,
  actor: AuditActor,
  event: AuditEvent,
): Promise<void> {
  await sql`insert into audit_log
      (actor_id, actor_name, action, target_kind, target_id, details, ip, request_id)
    values (${actor.id}, ${actor.name}, ${event.action}, ${event.target?.kind ?? null},
      ${event.target?.id ?? null}, ${sql.json((event.details ?? {}) as never)},
      ${actor.ip ?? null}, ${actor.requestId ?? null})`;
}

/** What /admin/audit filters on: free text (actor, target, action, details) and one action. */
export interface AuditQuery {
  q?: string;
  action?: AuditAction;
  /** Entries older than this id (the previous page's last). */
  before?: string;
  limit: number;
}

/** Newest first, `limit` (≤ 1000) at a time; `next` is the cursor for the following page. */
export async function searchAudit(
  sql: Queryable,
  query: AuditQuery,
): Promise<{ entries: AuditEntry[]; next: string | null }> {
  const limit = Math.max(1, Math.min(query.limit, 1000));
  const like = query.q ? `%${query.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%` : null;
  const rows = await sql<AuditEntry[]>`
    select id::text, at, actor_id as "actorId", actor_name as "actorName", action,
      target_kind as "targetKind", target_id as "targetId", details, ip, request_id as "requestId"
    from audit_log
    where ${query.before ? sql`id < ${query.before}::bigint` : sql`true`}
      and ${query.action ? sql`action = ${query.action}` : sql`true`}
      and ${
    like
      ? sql`(actor_name ilike ${like} or action ilike ${like} or target_id ilike ${like}
          or details::text ilike ${like} or actor_id::text = ${query.q!})`
      : sql`true`
  }
    order by id desc limit ${limit + 1}`;
  const entries = rows.slice(0, limit);
  return { entries, next: rows.length > limit ? entries.at(-1)!.id : null };
}

const CSV_COLUMNS = [
  "id",
  "at",
  "actor_id",
  "actor_name",
  "action",
  "target_kind",
  "target_id",
  "details",
  "ip",
  "request_id",
];

/**
 * The entries as CSV (RFC 4180). A cell that a spreadsheet would run as a
 * formula (starting with = + - @ or a control character) gets a leading
 * apostrophe, since names and reasons come from users.
 */
export function auditCsv(entries: AuditEntry[]): string {
  return toCsv(
    CSV_COLUMNS,
    entries.map((e) => [
      e.id,
      e.at,
      e.actorId,
      e.actorName,
      e.action,
      e.targetKind,
      e.targetId,
      e.details,
      e.ip,
      e.requestId,
    ]),
  );
}
