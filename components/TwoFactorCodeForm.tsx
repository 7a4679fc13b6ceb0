import { Field, type FieldErrors, Form } from "./Form.tsx";

/**
 * The sign-in's second step: a code from the authenticator app, or a
 * recovery code. The challenge from the password step rides along hidden
 * (never in the URL, so never in a log).
 */
export function TwoFactorCodeForm(
  props: { values?: Record<string, string>; errors?: FieldErrors; error?: string },
) {
  const v = props.values ?? {};
  return (
    <section class="form-card">
      <h1>Two-factor sign-in</h1>
      <p class="muted">
        Enter the six-digit code your authenticator app shows for this account. Lost your phone?
        Enter one of your recovery codes instead.
      </p>
      <Form action="/signin/code" error={props.error}>
        <input type="hidden" name="challenge" value={v.challenge ?? ""} />
        <input type="hidden" name="next" value={v.next ?? ""} />
        <CodeField label="Code from the app, or a recovery code" errors={props.errors} />
        <button class="button" type="submit">Verify</button>
      </Form>
      <p class="muted">
        <a href="/signin">Start again</a>
      </p>
    </section>
  );
}

/**
 * The one field a code is typed into: six digits from the app (`appOnly`
 * brings up a number pad on phones) or, where accepted, a recovery code.
 */
export function CodeField(props: { label: string; errors?: FieldErrors; appOnly?: boolean }) {
  return (
    <Field
      name="code"
      label={props.label}
      errors={props.errors}
      autocomplete="one-time-code"
      inputMode={props.appOnly ? "numeric" : "text"}
      maxLength={40}
      required
    />
  );
}
