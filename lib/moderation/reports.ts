/**
 * Reports: anyone signed in reports a video, a comment or a user (a reason
 * from REPORT_REASONS plus free text); one open report per reporter and
 * target (a unique partial index decides races). Moderators see open reports
 * grouped by target with counts and act on a whole group: dismiss, remove the
 * content, or ban the user behind it. Every action is audited.
 */
import type { Role } from "../auth/types.ts";
import type { Sql } from "../db/mod.ts";
import { NotFoundError, PermissionError } from "../errors.ts";
import type { Storage } from "../storage/types.ts";
import { type AuditActor, recordAudit } from "./audit.ts";
import { setUserBan } from "./users.ts";
import { warnUser } from "./warnings.ts";
import { commentAuthor, removeReportedComment } from "../comments/moderate.ts";
import { notifyMany } from "../notifications/notify.ts";
import { deleteVideoAs } from "./videos_admin.ts";
import { REPORT_REASONS, REPORT_TARGETS } from "../shared/reports.ts";

export { REPORT_REASONS, REPORT_TARGETS };
/** What a moderator can do with a group of reports. */
export const REPORT_ACTIONS = ["dismiss", "remove", "warn", "ban"] as const;

/** A report as filed. */
export interface ReportInput {
  targetKind: typeof REPORT_TARGETS[number];
  targetId: string;
  reason: typeof REPORT_REASONS[number];
  details: string;
}

/**
 * Files a report; `created: false` when this reporter already has an open one
 * on the target (nothing is added). The video, comment or user must exist.
 */
export async function fileReport(
  sql: Sql,
  reporterId: string,
  input: ReportInput,
): Promise<{ id: string | null; created: boolean }> {
  const [found] = input.targetKind === "video"
    ? await sql`select 1 from videos where id = ${input.targetId}`
    : input.targetKind === "comment"
    ? await sql`select 1 from comments where id = ${input.targetId}`
    : await sql`select 1 from users where id = ${input.targetId}`;
  if (!found) throw new NotFoundError(`No such ${input.targetKind}.`);
  const [row] = await sql<{ id: string }[]>`
    insert into reports (reporter_id, target_kind, target_id, reason, details)
    values (${reporterId}, ${input.targetKind}, ${input.targetId}, ${input.reason},
      ${input.details})
    on conflict (reporter_id, target_kind, target_id) where resolved_at is null do nothing
    returning id`;
  return { id: row?.id ?? null, created: !!row };
}

/** Open reports on one target, as /admin/reports shows them. */
export interface ReportGroup {
  targetKind: ReportInput["targetKind"];
  targetId: string;
  /** The video's title or the user's name (comments: none until wired). */
  label: string | null;
  /** The user a ban would hit (video owner, reported user). */
  userId: string | null;
  count: number;
  reasons: string[];
  details: string[];
  latestAt: Date;
}

/** Open reports grouped by target, most reported first, `limit` (≤ 100) groups. */
export async function openReportGroups(
  sql: Sql,
  options: { limit: number },
): Promise<ReportGroup[]> {
  return await sql<ReportGroup[]>`
    select r.target_kind as "targetKind", r.target_id as "targetId",
      coalesce(v.title, u.display_name) as label,
      coalesce(v.owner_id, u.id) as "userId",
      count(*)::int as count, array_agg(distinct r.reason) as reasons,
      (array_agg(r.details order by r.created_at desc) filter (where r.details <> ''))[1:5]
        as details,
      max(r.created_at) as "latestAt"
    from reports r
    left join videos v on r.target_kind = 'video' and v.id = r.target_id
    left join users u on r.target_kind = 'user' and u.id = r.target_id
    where r.resolved_at is null
    group by r.target_kind, r.target_id, v.title, u.display_name, v.owner_id, u.id
    order by count(*) desc, max(r.created_at) desc
    limit ${Math.max(1, Math.min(options.limit, 100))}`;
}

/** Removes a comment for a report: wired by the comments feature (see DESIGN.md). */
export type CommentRemover = (sql: Sql, commentId: string) => Promise<{ authorId: string }>;

/**
 * Acts on every open report on a target: `dismiss` closes them; `remove`
 * deletes the video (or the comment, through `removeComment`); `warn` warns
 * the user behind it (`reason`, or a sentence naming what was reported);
 * `ban` bans them (moderators may ban only viewers and creators). Audited.
 */
export async function actOnReports(
  deps: { sql: Sql; storage: Storage; removeComment?: CommentRemover },
  target: { kind: ReportInput["targetKind"]; id: string },
  options: {
    action: typeof REPORT_ACTIONS[number];
    actor: AuditActor & { role: Role };
    reason?: string;
  },
): Promise<void> {
  const { sql } = deps;
  const { action, actor } = options;
  if (action === "remove") {
    if (target.kind === "video") {
      await deleteVideoAs(deps, target.id, { actor, reason: "reported" });
    } else if (target.kind === "comment") {
      await (deps.removeComment ?? removeReportedComment)(sql, target.id);
    } else throw new PermissionError("A user is banned, not removed.");
  } else if (action === "warn") {
    const userId = await userBehind(deps, target);
    const reason = options.reason ||
      `Your ${target.kind === "user" ? "account" : target.kind} was reported, and a moderator ` +
        "agreed that it breaks the rules.";
    await warnUser(sql, userId, { reason, actor });
  } else if (action === "ban") {
    const userId = await userBehind(deps, target);
    const [u] = await sql<{ role: Role }[]>`select role from users where id = ${userId}`;
    if (!u) throw new NotFoundError("No such user.");
    if (actor.role !== "admin" && (u.role === "admin" || u.role === "moderator")) {
      throw new PermissionError("Only an admin can ban a moderator or an admin.");
    }
    await setUserBan(sql, userId, { ban: { reason: "Reported content" }, actor });
  }
  await sql.begin(async (tx) => {
    const closed = await tx<{ reporterId: string }[]>`
      update reports set resolved_at = now(), resolved_by = ${actor.id}, resolution = ${action}
      where target_kind = ${target.kind} and target_id = ${target.id} and resolved_at is null
      returning reporter_id as "reporterId"`;
    // Whoever reported it hears that it was handled (not how: a dismissal stays discreet).
    await notifyMany(tx, [...new Set(closed.map((r) => r.reporterId))].slice(0, 1000), {
      kind: "report_handled",
      subjectId: `${target.kind}:${target.id}`.slice(0, 64),
      data: {
        reason: action === "dismiss"
          ? "thank you; no action was needed"
          : "thank you; action was taken",
      },
    });
    if (action === "ban" || action === "warn") return; // the ban or warning is audited itself
    await recordAudit(tx, actor, {
      action: action === "dismiss" ? "report.dismiss" : "report.remove",
      target: { kind: "report", id: `${target.kind}:${target.id}` },
      details: { reports: closed.count },
    });
  });
}

async function userBehind(
  deps: { sql: Sql; removeComment?: CommentRemover },
  target: { kind: ReportInput["targetKind"]; id: string },
): Promise<string> {
  if (target.kind === "user") return target.id;
  if (target.kind === "video") {
    const [v] = await deps.sql<{ ownerId: string }[]>`
      select owner_id as "ownerId" from videos where id = ${target.id}`;
    if (!v) throw new NotFoundError("No such video.");
    return v.ownerId;
  }
  return await commentAuthor(deps.sql, target.id);
}
