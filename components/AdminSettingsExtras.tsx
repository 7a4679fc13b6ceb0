import type { SettingsExtras } from "../lib/moderation/settings_extras.ts";
import { AdminQuotaInputs, quotaWords } from "./AdminQuotaInputs.tsx";
import { CsrfField } from "./CsrfField.tsx";

/**
 * /admin/settings beyond policy and registration: the default upload quotas
 * (empty = the configured value) and the blocked-word list (add, remove).
 */
export function AdminSettingsExtras(props: SettingsExtras) {
  const { quotas, configured } = props;
  return (
    <>
      <form method="post" action="/admin/settings/quotas" class="form-card">
        <CsrfField />
        <h2>Default upload quotas</h2>
        <p class="muted">
          For every account without its own quota (set one on its Users page). Empty: the configured
          value ({quotaWords(configured.videoQuota)} stored,{" "}
          {quotaWords(configured.videoQuotaDaily)}{" "}
          per 24 hours). Sizes such as "10 GiB" or "500 MB"; "unlimited" for no limit.
        </p>
        <div class="admin-form-grid">
          <AdminQuotaInputs
            values={quotas}
            placeholders={{
              videoQuota: quotaWords(configured.videoQuota),
              videoQuotaDaily: quotaWords(configured.videoQuotaDaily),
            }}
          />
        </div>
        <button class="button" type="submit">Save quotas</button>
      </form>
      <section class="form-card" aria-labelledby="blocked-h">
        <h2 id="blocked-h">Blocked words</h2>
        <p class="muted">
          A comment containing one of these (whole words; case and accents ignored) waits for
          review.
        </p>
        <form method="post" action="/admin/settings/blocked-words">
          <CsrfField />
          <div class="field">
            <label for="blocked-add">Add words or phrases (one per line or comma-separated)</label>
            <textarea id="blocked-add" name="words" rows={3} maxLength={20000} required />
          </div>
          <button class="button secondary" type="submit">Add</button>
        </form>
        {props.blockedWords.length === 0
          ? <p class="muted">The list is empty.</p>
          : (
            <ul class="admin-words">
              {props.blockedWords.map((w) => (
                <li key={w}>
                  <form method="post" action="/admin/settings/blocked-words/remove">
                    <CsrfField />
                    <input type="hidden" name="word" value={w} />
                    <span class="wrap-anywhere">{w}</span>
                    <button class="button small secondary" type="submit">
                      Remove<span class="visually-hidden">{` ${w}`}</span>
                    </button>
                  </form>
                </li>
              ))}
            </ul>
          )}
      </section>
    </>
  );
}
