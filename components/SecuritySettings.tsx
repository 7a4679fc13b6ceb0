import type { DeviceSession } from "../lib/auth/device_sessions.ts";
import type { TwoFactorStatus } from "../lib/two_factor/mod.ts";
import { Form } from "./Form.tsx";

/** What /settings shows about sign-in security. */
export interface SecurityState {
  twoFactor: TwoFactorStatus;
  sessions: DeviceSession[];
  /** The device list's next page, if there is one. */
  nextCursor?: string;
  notice?: string;
  now: Date;
}

/** The security part of /settings: two-factor sign-in and the signed-in devices. */
export function SecuritySettings(props: SecurityState) {
  const tf = props.twoFactor;
  return (
    <>
      <section class="form-card" id="two-factor" aria-labelledby="two-factor-title">
        <h2 id="two-factor-title">Two-factor sign-in</h2>
        {props.notice && <p class="form-notice" role="status">{props.notice}</p>}
        {tf.enabled
          ? (
            <>
              <p>
                <strong class="badge-on">On.</strong>{" "}
                Signing in asks for a code from your authenticator app after your password.
              </p>
              <p class="muted">
                {tf.recoveryCodesLeft} of 10 recovery codes left.
              </p>
              <a class="button secondary" href="/settings/two-factor/disable">
                Turn off two-factor sign-in
              </a>
            </>
          )
          : (
            <>
              <p class="muted">
                Off. With it on, signing in also needs a six-digit code from an authenticator app on
                your phone, so a stolen password alone is not enough.
              </p>
              <Form action="/settings/two-factor/setup">
                <button class="button" type="submit">
                  {tf.pending ? "Continue setting up" : "Set up two-factor sign-in"}
                </button>
              </Form>
            </>
          )}
      </section>
      <section class="form-card" id="sessions" aria-labelledby="sessions-title">
        <h2 id="sessions-title">Signed-in devices</h2>
        <ul class="session-list">
          {props.sessions.map((s) => <SessionItem key={s.id} session={s} now={props.now} />)}
        </ul>
        {props.nextCursor && (
          <p>
            <a href={`/settings?sessions=${encodeURIComponent(props.nextCursor)}#sessions`}>
              More devices
            </a>
          </p>
        )}
        {props.sessions.some((s) => !s.current) && (
          <Form action="/settings/sessions/revoke-others">
            <button class="button secondary" type="submit">Sign out all other devices</button>
          </Form>
        )}
      </section>
    </>
  );
}

function SessionItem(props: { session: DeviceSession; now: Date }) {
  const s = props.session;
  return (
    <li class="session-item">
      <div>
        <strong>{s.device}</strong>
        {s.current && <span class="session-current">This device</span>}
        <p class="muted">
          {s.current ? "Active now" : `Last active ${ago(s.lastSeenAt, props.now)}`}
          {s.ip ? ` · ${s.ip}` : ""}
        </p>
      </div>
      <Form action={`/settings/sessions/${s.id}/revoke`}>
        <button
          class="button secondary"
          type="submit"
          aria-label={`Sign out ${s.device}${s.current ? " (this device)" : ""}`}
        >
          Sign out
        </button>
      </Form>
    </li>
  );
}

const RELATIVE = new Intl.RelativeTimeFormat("en", { numeric: "auto" });

/** "2 minutes ago", "yesterday": last use is approximate (written every few minutes). */
function ago(then: Date, now: Date): string {
  const minutes = Math.round((then.getTime() - now.getTime()) / 60_000);
  if (minutes > -5) return "in the last few minutes";
  if (minutes > -60) return RELATIVE.format(minutes, "minute");
  const hours = Math.round(minutes / 60);
  if (hours > -24) return RELATIVE.format(hours, "hour");
  return RELATIVE.format(Math.round(hours / 24), "day");
}
