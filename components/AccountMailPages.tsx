import type { ComponentChildren } from "preact";
import { Field, type FieldErrors, Form } from "./Form.tsx";
import { Layout } from "./Layout.tsx";

/** The result of opening a mailed link: a heading, a sentence, what to do next. */
export function LinkResult(props: {
  title: string;
  message: string;
  ok: boolean;
  children?: ComponentChildren;
}) {
  return (
    <Layout title={props.title}>
      <section class="form-card">
        <h1>{props.title}</h1>
        <p class={props.ok ? "form-notice" : "form-error"} role={props.ok ? "status" : "alert"}>
          {props.message}
        </p>
        {props.children}
      </section>
    </Layout>
  );
}

/** "Forgot password?": one field, the same notice whatever was typed. */
export function ForgotPasswordPage(props: {
  email?: string;
  errors?: FieldErrors;
  error?: string;
  notice?: string;
}) {
  return (
    <Layout title="Forgot password">
      <section class="form-card">
        <h1>Forgot your password?</h1>
        <p class="muted">
          Type the address you signed up with; we will mail it a link to choose a new password.
        </p>
        <Form action="/forgot" error={props.error} notice={props.notice}>
          <Field
            name="email"
            label="Email"
            type="email"
            value={props.email}
            errors={props.errors}
            autocomplete="email"
            required
          />
          <button class="button" type="submit">Mail me a link</button>
        </Form>
        <p class="muted">
          Remembered it? <a href="/signin">Sign in</a>
        </p>
      </section>
    </Layout>
  );
}

/** The reset form behind a working link: the token rides along in a hidden field. */
export function ResetPasswordPage(props: {
  token: string;
  minLength: number;
  errors?: FieldErrors;
  error?: string;
}) {
  return (
    <Layout title="Choose a new password">
      <section class="form-card">
        <h1>Choose a new password</h1>
        <Form action="/reset" error={props.error}>
          <input type="hidden" name="token" value={props.token} />
          <Field
            name="newPassword"
            label={`New password (at least ${props.minLength} characters)`}
            type="password"
            errors={props.errors}
            autocomplete="new-password"
            required
          />
          <button class="button" type="submit">Set new password</button>
        </Form>
        <p class="muted">This signs your account out on every device.</p>
      </section>
    </Layout>
  );
}

/** /settings/email: the address, whether it is confirmed, a new link, the change form. */
export function EmailSettingsPage(props: {
  email: string;
  verified: boolean;
  required: boolean;
  values?: Record<string, string>;
  errors?: FieldErrors;
  error?: string;
  notice?: string;
}) {
  return (
    <Layout title="Email address">
      <section class="form-card">
        <h1>Email address</h1>
        {props.notice && <p class="form-notice" role="status">{props.notice}</p>}
        <p>
          Your account uses <strong>{props.email}</strong>:{" "}
          {props.verified ? "confirmed." : "not confirmed yet."}
        </p>
        {!props.verified && (
          <>
            <p class="muted">
              {props.required
                ? "Confirm it to upload videos: open the link we mailed you."
                : "Open the link we mailed you to confirm it."}
            </p>
            <Form action="/verify/resend">
              <button class="button secondary" type="submit">Send a new link</button>
            </Form>
          </>
        )}
      </section>
      <section class="form-card">
        <h2>Change address</h2>
        <p class="muted">
          We mail a link to the new address; it takes over when you open it, and the old one is
          told.
        </p>
        <Form action="/settings/email" error={props.error}>
          <Field
            name="newEmail"
            label="New email"
            type="email"
            value={props.values?.newEmail}
            errors={props.errors}
            autocomplete="email"
            required
          />
          <Field
            name="currentPassword"
            label="Current password"
            type="password"
            errors={props.errors}
            autocomplete="current-password"
            required
          />
          <button class="button" type="submit">Send confirmation link</button>
        </Form>
      </section>
    </Layout>
  );
}

/** The settings page's pointer to the email page (one element in routes/account_pages.tsx). */
export function EmailSettingsLink() {
  return (
    <section class="form-card">
      <h2>Email address</h2>
      <p class="muted">
        See whether your address is confirmed, get a new link, or change it:{" "}
        <a href="/settings/email">email settings</a>.
      </p>
    </section>
  );
}
