import type { Warning } from "../lib/moderation/warnings.ts";
import { utcMinute } from "./AdminUserStatus.tsx";

/** The warnings moderators gave the signed-in user (their settings page); nothing when none. */
export function AccountWarnings(props: { warnings: Warning[] }) {
  if (props.warnings.length === 0) return null;
  return (
    <section class="form-card" aria-labelledby="warnings-h">
      <h2 id="warnings-h">Warnings from moderators</h2>
      <ul>
        {props.warnings.map((w) => (
          <li key={w.id} class="wrap-anywhere">
            {utcMinute(w.createdAt)}: {w.reason}
          </li>
        ))}
      </ul>
    </section>
  );
}
