import type { ManagedUser, UserAdminFacts } from "../lib/moderation/user_admin_facts.ts";
import type { Warning } from "../lib/moderation/warnings.ts";
import { formatBytes } from "../lib/uploads/plan.ts";
import { AdminQuotaInputs, quotaWords } from "./AdminQuotaInputs.tsx";
import { banText, utcMinute } from "./AdminUserStatus.tsx";
import { CsrfField } from "./CsrfField.tsx";

/** Limits in force and what is used (lib/uploads/quota.ts readQuotaUsage). */
export interface ManagedQuota {
  videoQuota: number;
  videoQuotaDaily: number;
  used: number;
  usedDaily: number;
}

/** The ban lengths offered (days; "" = until an admin lifts it). */
const BAN_LENGTHS: [string, string][] = [
  ["1", "1 day"],
  ["3", "3 days"],
  ["7", "7 days"],
  ["30", "30 days"],
  ["90", "90 days"],
  ["365", "1 year"],
  ["", "Until lifted"],
];

/**
 * /admin/users/:id: the account's ban (reason and length) or its lifting,
 * warnings (give one, see past ones), upload quotas, and the two-factor reset.
 */
export function AdminUserManage(
  props: {
    user: ManagedUser;
    facts: UserAdminFacts;
    warnings: Warning[];
    quota: ManagedQuota;
  },
) {
  const { user, facts, quota } = props;
  const base = `/admin/users/${user.id}`;
  const ban = banText(user, facts);
  return (
    <div class="admin-manage">
      <section class="admin-section">
        <p class="wrap-anywhere">
          <strong>{user.displayName}</strong> · {user.email} · {user.role} · since{" "}
          {utcMinute(user.createdAt)} · <a href={`/u/${user.id}`}>public page</a>
        </p>
      </section>
      <section class="admin-section" aria-labelledby="ban-h">
        <h2 id="ban-h">Ban</h2>
        {ban
          ? (
            <form method="post" action={`${base}/unban`} class="admin-row">
              <CsrfField />
              <span class="admin-badge danger wrap-anywhere">{ban}</span>
              <button class="button small secondary" type="submit">Lift the ban</button>
            </form>
          )
          : (
            <form method="post" action={`${base}/ban`} class="admin-form-grid">
              <CsrfField />
              <label>
                Reason (the user is told)
                <input type="text" name="reason" maxLength={500} required />
              </label>
              <label>
                Length
                <select name="days">
                  {BAN_LENGTHS.map(([v, label]) => (
                    <option key={v} value={v} selected={v === "7"}>{label}</option>
                  ))}
                </select>
              </label>
              <button class="button danger" type="submit">Ban</button>
            </form>
          )}
      </section>
      <section class="admin-section" aria-labelledby="warn-h">
        <h2 id="warn-h">Warnings ({facts.warnings})</h2>
        <form method="post" action={`${base}/warn`} class="admin-form-grid">
          <CsrfField />
          <label>
            Warning (the user is notified and sees it on their settings page)
            <input type="text" name="reason" maxLength={500} required />
          </label>
          <button class="button secondary" type="submit">Warn</button>
        </form>
        {props.warnings.length > 0 && (
          <ul class="admin-warnings">
            {props.warnings.map((w) => (
              <li key={w.id} class="wrap-anywhere">
                <span class="muted">{utcMinute(w.createdAt)}</span> {w.reason}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section class="admin-section" aria-labelledby="quota-h">
        <h2 id="quota-h">Upload quotas</h2>
        <p class="muted">
          In force: {quotaWords(quota.videoQuota)} stored ({formatBytes(quota.used)} used),{" "}
          {quotaWords(quota.videoQuotaDaily)} per 24 hours ({formatBytes(quota.usedDaily)}{" "}
          used). Leave a field empty for the instance default; "unlimited" for no limit.
        </p>
        <form method="post" action={`${base}/quota`} class="admin-form-grid">
          <CsrfField />
          <AdminQuotaInputs
            values={facts}
            placeholders={{ videoQuota: "default", videoQuotaDaily: "default" }}
          />
          <button class="button secondary" type="submit">Save quotas</button>
        </form>
      </section>
      <section class="admin-section" aria-labelledby="tfa-h">
        <h2 id="tfa-h">Two-factor sign-in</h2>
        {facts.twoFactor
          ? (
            <form method="post" action={`${base}/two-factor-reset`} class="admin-row">
              <CsrfField />
              <span>On.</span>
              <button class="button danger" type="submit">
                Reset two-factor (signs them out, mails them)
              </button>
            </form>
          )
          : <p class="muted">Off.</p>}
      </section>
    </div>
  );
}
