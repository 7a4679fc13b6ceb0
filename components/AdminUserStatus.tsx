import type { UserAdminFacts } from "../lib/moderation/user_admin_facts.ts";

/** A time as admins read it everywhere: "2026-11-29 10:00 UTC". */
export function utcMinute(d: Date): string {
  return `${d.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** What a ban looks like in words: "Banned until …", "Banned", or nothing. */
export function banText(
  user: { bannedAt: Date | null; banReason: string | null },
  facts?: Pick<UserAdminFacts, "banExpiresAt">,
): string | undefined {
  if (!user.bannedAt) return undefined;
  const until = facts?.banExpiresAt ? ` until ${utcMinute(facts.banExpiresAt)}` : " until lifted";
  return `Banned${until}${user.banReason ? `: ${user.banReason}` : ""}`;
}

/**
 * The users list's status cell: ban (with its end), warnings, two-factor,
 * quota overrides, and the link to the account's management page.
 */
export function AdminUserStatus(
  props: {
    user: { id: string; displayName: string; bannedAt: Date | null; banReason: string | null };
    facts?: UserAdminFacts;
  },
) {
  const { user, facts } = props;
  const ban = banText(user, facts);
  const notes = [
    facts?.warnings ? `${facts.warnings} warning${facts.warnings === 1 ? "" : "s"}` : undefined,
    facts?.twoFactor ? "two-factor on" : undefined,
    facts && (facts.videoQuota !== null || facts.videoQuotaDaily !== null)
      ? "own quota"
      : undefined,
  ].filter(Boolean);
  return (
    <div class="admin-user-status">
      {ban && <span class="admin-badge danger wrap-anywhere">{ban}</span>}
      {notes.length > 0 && <span class="muted">{notes.join(" · ")}</span>}
      <a class="button small secondary" href={`/admin/users/${user.id}`}>
        Manage<span class="visually-hidden">{` ${user.displayName}`}</span>
      </a>
    </div>
  );
}
