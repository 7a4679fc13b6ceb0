/**
 * Runner tokens: what a remote runner (`deno task runner`) presents to the web
 * tier. An admin issues one per runner host, naming the job kinds it may
 * claim; only a SHA-256 of the token is stored (the token is shown once), and
 * revoking it ends the leases of the jobs its runner holds, so that they go
 * back to the queue at the next reap like any expired lease.
 */
import { createHash, randomBytes } from "node:crypto";
import type { Queryable, Sql } from "../db/mod.ts";
import { ConflictError, NotFoundError, ValidationError } from "../errors.ts";
import { type AuditActor, recordAudit } from "../moderation/audit.ts";
import { expireLeases } from "../queue/mod.ts";
import { REMOTE_KINDS } from "./kinds.ts";

/** Every token starts with this, so that a leaked one is recognisable in a scan. */
export const RUNNER_TOKEN_PREFIX = "vfr_";
/** A token as it is presented: the prefix and 43 base64url characters (32 random bytes). */
export const RUNNER_TOKEN_PATTERN = /^vfr_[A-Za-z0-9_-]{43}$/;

/** A runner token as the admin pages show it (never the token itself). */
export interface RunnerToken {
  id: string;
  name: string;
  kinds: string[];
  createdAt: Date;
  lastSeenAt: Date | null;
  revokedAt: Date | null;
}

const COLUMNS = `id, name, kinds, created_at as "createdAt", last_seen_at as "lastSeenAt",
  revoked_at as "revokedAt"`;

function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** The worker id prefix of every job a token's runner holds. */
export function runnerWorkerPrefix(tokenId: string): string {
  return `runner:${tokenId}:`;
}

/** Issues a token for a runner; the answer holds the token, which is never shown again. */
export async function issueRunnerToken(
  sql: Sql,
  input: { name: string; kinds: string[] },
  options: { actor: AuditActor },
): Promise<RunnerToken & { token: string }> {
  const name = input.name.trim();
  if (!name || name.length > 80) throw new ValidationError("A runner name is 1 to 80 characters.");
  const kinds = [...new Set(input.kinds)];
  if (!kinds.length || kinds.some((k) => !REMOTE_KINDS.includes(k))) {
    throw new ValidationError(`A runner may take only these kinds: ${REMOTE_KINDS.join(", ")}.`);
  }
  const token = RUNNER_TOKEN_PREFIX + randomBytes(32).toString("base64url");
  return await sql.begin(async (tx) => {
    const [row] = await tx.unsafe<RunnerToken[]>(
      `insert into runner_tokens (name, token_hash, kinds, created_by) values ($1, $2, $3, $4)
       returning ${COLUMNS}`,
      [name, hashToken(token), kinds, options.actor.id],
    );
    await record(tx, options.actor, "runner.issue", row.id, { name, kinds });
    return { ...row, token };
  });
}

/**
 * Revokes a token and ends the leases its runner holds; returns the jobs that
 * go back to the queue. A token already revoked is a ConflictError.
 */
export async function revokeRunnerToken(
  sql: Sql,
  id: string,
  options: { actor: AuditActor },
): Promise<{ released: string[] }> {
  return await sql.begin(async (tx) => {
    const [row] = await tx<{ revokedAt: Date | null }[]>`
      select revoked_at as "revokedAt" from runner_tokens where id = ${id} for update`;
    if (!row) throw new NotFoundError("No such runner token.");
    if (row.revokedAt) throw new ConflictError("This runner token is already revoked.");
    await tx`update runner_tokens set revoked_at = now() where id = ${id}`;
    const released = await expireLeases(tx, runnerWorkerPrefix(id));
    await record(tx, options.actor, "runner.revoke", id, { released: released.length });
    return { released };
  });
}

/** Tokens, newest first (at most `limit`). */
export async function listRunnerTokens(
  sql: Sql,
  options: { limit?: number } = {},
): Promise<RunnerToken[]> {
  return await sql.unsafe<RunnerToken[]>(
    `select ${COLUMNS} from runner_tokens order by created_at desc limit $1`,
    [Math.min(options.limit ?? 100, 500)],
  );
}

/**
 * The live token a runner presents, or undefined (unknown, malformed or
 * revoked). Notes when it was last seen, at most every 30 seconds.
 */
export async function authenticateRunner(
  sql: Sql,
  token: string,
): Promise<RunnerToken | undefined> {
  if (!RUNNER_TOKEN_PATTERN.test(token)) return undefined;
  const [row] = await sql.unsafe<RunnerToken[]>(
    `select ${COLUMNS} from runner_tokens where token_hash = $1 and revoked_at is null`,
    [hashToken(token)],
  );
  if (!row) return undefined;
  if (!row.lastSeenAt || Date.now() - row.lastSeenAt.getTime() > 30_000) {
    await sql`update runner_tokens set last_seen_at = now() where id = ${row.id}`;
  }
  return row;
}

function record(
  tx: Queryable,
  actor: AuditActor,
  action: "runner.issue" | "runner.revoke",
  id: string,
  details: Record<string, unknown>,
) {
  return recordAudit(tx, actor, { action, target: { kind: "runner", id }, details });
}
