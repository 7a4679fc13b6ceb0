/**
 * Deleting an account, in two steps. The request (after the password is
 * entered again) makes the account unusable at once, in one transaction:
 * the email is released (it can sign up again), the password can no longer
 * match, every session ends, every video turns private; then a job removes
 * what the account owns: each video with its stored objects (the same
 * deleteVideo() the studio uses), the avatar and export archives, and last
 * the user row, whose foreign keys take comments, likes, follows, playlists,
 * history and notifications with it (each feature's counts are kept by its
 * own triggers).
 */
import { z } from "zod";
import type { Queryable, Sql } from "../db/mod.ts";
import { AuthenticationError, ConflictError, RateLimitError, ValidationError } from "../errors.ts";
import { log } from "../log.ts";
import { jobKind, wakeLocalWorkers } from "../queue/mod.ts";
import { hitRateLimit } from "../rate_limit.ts";
import type { Storage } from "../storage/types.ts";
import { avatarPrefix, exportPrefix } from "../storage/layout.ts";
import { deletePrefix, deleteVideo } from "../videos/manage.ts";
import { NotFoundError } from "../errors.ts";
import type { AuthContext } from "../auth/accounts.ts";
import { bumpTokenVersion, findUserById } from "../auth/users.ts";
import { verifyPassword } from "../auth/password.ts";

/** The job that removes a deleted account's content (workers/account.ts). */
export const deleteAccountKind = jobKind({
  kind: "delete_account",
  payload: z.object({
    userId: z.uuid(),
    // Where the confirmation goes: the address is released before the job runs.
    email: z.string().max(320),
    displayName: z.string().max(200),
  }),
  concurrency: 2,
  maxAttempts: 10,
});

/** The address a deleted account is parked on until its row is gone (never deliverable). */
function tombstoneEmail(userId: string): string {
  return `deleted-${userId}@deleted.invalid`;
}

/**
 * Checks the password again and, if it matches, makes the account unusable
 * and queues the removal of everything it owns. The last administrator
 * cannot leave (409): somebody must be able to run the instance.
 */
export async function requestAccountDeletion(
  auth: AuthContext,
  userId: string,
  input: { password: string },
): Promise<{ jobId: string }> {
  const limit = await hitRateLimit(auth.kv, userId, {
    name: "delete-account",
    ...auth.accountLimit,
  });
  if (!limit.ok) throw new RateLimitError(limit.retryAfter);
  const user = await findUserById(auth.sql, userId);
  if (!user) throw new AuthenticationError();
  if (!await verifyPassword(user.passwordHash, input.password)) {
    throw new ValidationError("The password is not correct.", {
      details: { fields: [{ field: "password", message: "This is not your password." }] },
    });
  }
  const queued = await auth.sql.begin(async (tx) => {
    if (user.role === "admin") {
      const [{ others }] = await tx<{ others: number }[]>`
        select count(*)::int as others from users
        where role = 'admin' and id <> ${userId} and deleted_at is null`;
      if (others === 0) {
        throw new ConflictError(
          "You are the only administrator. Make someone else an administrator first.",
        );
      }
    }
    const [row] = await tx<{ email: string; displayName: string }[]>`
      select email, display_name as "displayName" from users
      where id = ${userId} and deleted_at is null for update`;
    if (!row) throw new AuthenticationError();
    await tx`update users set email = ${tombstoneEmail(userId)}, password_hash = '!deleted',
      deleted_at = now() where id = ${userId}`;
    await bumpTokenVersion(tx, userId);
    await hideVideosOf(tx, userId);
    const job = await deleteAccountKind.enqueue(tx, {
      userId,
      email: row.email,
      displayName: row.displayName,
    }, { ownerId: userId });
    log("info", "account deletion requested", { userId });
    return { jobId: job.id };
  });
  // The enqueue's own wake-up came before the commit made the job visible.
  wakeLocalWorkers();
  return queued;
}

/** Takes every video of an account out of sight at once (the job deletes them). */
async function hideVideosOf(sql: Queryable, userId: string): Promise<void> {
  const hidden = "private";
  await sql`update videos set visibility = ${hidden}, updated_at = now() where owner_id = ${userId}`;
}

/**
 * Removes everything a deleted account owns; safe to run again after a
 * partial failure (each step skips what is already gone). Returns how many
 * videos it removed.
 */
export async function removeAccountContent(
  deps: { sql: Sql; storage: Storage },
  userId: string,
): Promise<{ videos: number }> {
  const [user] = await deps
    .sql`select 1 from users where id = ${userId} and deleted_at is not null`;
  if (!user) return { videos: 0 };
  let videos = 0;
  while (true) {
    const batch = await deps.sql<{ id: string }[]>`
      select id from videos where owner_id = ${userId} limit 100`;
    if (batch.length === 0) break;
    for (const v of batch) {
      try {
        await deleteVideo(deps, v.id);
        videos++;
      } catch (err) {
        if (!(err instanceof NotFoundError)) throw err;
      }
    }
  }
  await deletePrefix(deps.storage, avatarPrefix(userId));
  await deletePrefix(deps.storage, exportPrefix(userId));
  await deps.sql`delete from users where id = ${userId}`;
  log("info", "account deleted", { userId, videos });
  return { videos };
}
