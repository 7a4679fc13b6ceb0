import type { InstanceSettings } from "../lib/moderation/settings.ts";

/**
 * Inside the sign-up form: which registration mode applies, and in invite
 * mode the invitation token from the link (`/signup?invite=…`), carried as a
 * hidden field.
 */
export function RegistrationNotice(
  props: { mode: InstanceSettings["registration"] | undefined; invitation?: string },
) {
  if (!props.mode || props.mode === "open") return null;
  return (
    <>
      {props.mode === "closed"
        ? (
          <p class="form-notice" role="status">
            Registration is closed on this instance: an administrator creates accounts.
          </p>
        )
        : (
          <p class="form-notice" role="status">
            Registration is by invitation only. {props.invitation
              ? "Your invitation link is filled in."
              : "Open the invitation link you were sent."}
          </p>
        )}
      {props.mode === "invite" && (
        <input type="hidden" name="invitation" value={props.invitation ?? ""} />
      )}
    </>
  );
}
