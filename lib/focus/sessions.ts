import type { Sql } from "../db/mod.ts";
import { ValidationError } from "../errors.ts";
import { FOCUS_MAX_INTERRUPTIONS, FOCUS_MAX_SESSION_S, type FocusReport } from "../shared/focus.ts";
import { findVisibleVideo, type Viewer } from "../videos/access.ts";

/**
 * Focus sessions of signed-in viewers (docs/DESIGN.md, "Focus mode and
 * metrics"): stored once per browser-made session id, only for a video the
 * viewer may see, and only when the figures are possible.
 */

/** How far a browser's clock may run ahead of the server's (s). */
const CLOCK_SKEW_S = 300;
/** A report of a session that ended longer ago than this is stale (a replay): refused. */
const MAX_AGE_S = 7 * 86_400;
/** Rounding slack between a session's length and its interruptions' total (s). */
const SLACK_S = 1;

/** Refuses a report whose figures cannot be true; answers the session's length (s). */
export function checkReport(report: FocusReport, now = new Date()): number {
  const started = Date.parse(report.startedAt);
  const ended = Date.parse(report.endedAt);
  const problems: { field: string; message: string }[] = [];
  const fail = (field: string, message: string) => problems.push({ field, message });
  const durationS = (ended - started) / 1000;
  if (!(durationS >= 0)) fail("endedAt", "A session cannot end before it starts.");
  if (durationS > FOCUS_MAX_SESSION_S) fail("endedAt", "A session this long is not possible.");
  if (ended > now.getTime() + CLOCK_SKEW_S * 1000) fail("endedAt", "This is in the future.");
  if (ended < now.getTime() - MAX_AGE_S * 1000) fail("endedAt", "This session is too old.");
  for (const kind of ["hidden", "blur"] as const) {
    const count = report[`${kind}Count`];
    const seconds = report[`${kind}S`];
    if (count > FOCUS_MAX_INTERRUPTIONS) fail(`${kind}Count`, "Too many interruptions.");
    if (count === 0 && seconds > 0) fail(`${kind}S`, "Time away without an interruption.");
  }
  if (report.hiddenS + report.blurS > Math.max(0, durationS) + SLACK_S) {
    fail("hiddenS", "Interruptions cannot last longer than the session.");
  }
  if (problems.length) {
    throw new ValidationError("These focus figures are not possible.", {
      details: { fields: problems },
    });
  }
  return durationS;
}

/**
 * Stores `user`'s session for a video they may see (NotFound otherwise). The
 * browser's session id makes it idempotent: a replay changes nothing, and a
 * later report of the same session (longer) replaces the earlier one, so a
 * session is never counted twice. Answers whether the row changed.
 */
export async function recordFocusSession(
  sql: Sql,
  user: NonNullable<Viewer>,
  options: { report: FocusReport; now?: Date },
): Promise<{ recorded: boolean }> {
  const r = options.report;
  const durationS = checkReport(r, options.now);
  await findVisibleVideo(sql, { videoId: r.videoId, viewer: user });
  const rows = await sql`
    insert into focus_sessions (user_id, client_id, video_id, started_at, ended_at, duration_s,
      hidden_count, hidden_s, blur_count, blur_s, completed)
    values (${user.id}, ${r.clientId}, ${r.videoId}, ${r.startedAt}, ${r.endedAt}, ${durationS},
      ${r.hiddenCount}, ${r.hiddenS}, ${r.blurCount}, ${r.blurS}, ${r.completed})
    on conflict (user_id, client_id) do update set ended_at = excluded.ended_at,
      duration_s = excluded.duration_s, hidden_count = excluded.hidden_count,
      hidden_s = excluded.hidden_s, blur_count = excluded.blur_count, blur_s = excluded.blur_s,
      completed = focus_sessions.completed or excluded.completed
    where focus_sessions.video_id = excluded.video_id
      and excluded.duration_s > focus_sessions.duration_s
    returning id`;
  return { recorded: rows.length > 0 };
}
