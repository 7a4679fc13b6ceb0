import { Field, type FieldErrors, Form } from "./Form.tsx";
import { CodeField } from "./TwoFactorCodeForm.tsx";

/**
 * Setting up two-factor: the QR code (an SVG made on the server from the
 * otpauth URI), the secret to type instead, and the code that proves it works.
 */
export function TwoFactorSetup(
  props: { qrSvg: string; secret: string; errors?: FieldErrors; error?: string },
) {
  // Groups of four are easier to type; apps ignore the spaces.
  const grouped = props.secret.match(/.{1,4}/g)!.join(" ");
  return (
    <section class="form-card">
      <h1>Set up two-factor sign-in</h1>
      <ol class="steps">
        <li>Open an authenticator app on your phone and scan this code.</li>
      </ol>
      <figure class="qr-code">
        <div
          role="img"
          aria-label="QR code of the secret for your authenticator app"
          // Made by the qrcode library from our own otpauth URI: no user text is in it.
          dangerouslySetInnerHTML={{ __html: props.qrSvg }}
        />
        <figcaption>
          Can't scan it? Type this key instead:
          <code class="totp-secret" data-secret={props.secret}>{grouped}</code>
        </figcaption>
      </figure>
      <ol class="steps" start={2}>
        <li>Enter the six-digit code the app shows.</li>
      </ol>
      <Form action="/settings/two-factor/confirm" error={props.error}>
        <CodeField label="Code from the app" errors={props.errors} appOnly />
        <button class="button" type="submit">Turn on two-factor sign-in</button>
      </Form>
      <p class="muted">
        <a href="/settings">Cancel</a>
      </p>
    </section>
  );
}

/** The ten recovery codes, shown once right after two-factor is turned on. */
export function RecoveryCodes(props: { codes: string[] }) {
  return (
    <section class="form-card">
      <h1>Two-factor sign-in is on</h1>
      <p>
        Save these recovery codes somewhere safe (a password manager, or on paper). Each one signs
        you in once if you lose your phone. <strong>They are shown only now.</strong>
      </p>
      <ul class="recovery-codes" aria-label="Recovery codes">
        {props.codes.map((code) => (
          <li>
            <code>{code}</code>
          </li>
        ))}
      </ul>
      <a class="button" href="/settings">I have saved them</a>
    </section>
  );
}

/** Turning two-factor off: the password and a code, so a borrowed session alone cannot. */
export function TwoFactorDisable(props: { errors?: FieldErrors; error?: string }) {
  return (
    <section class="form-card">
      <h1>Turn off two-factor sign-in</h1>
      <p class="muted">Your password alone will then be enough to sign in.</p>
      <Form action="/settings/two-factor/disable" error={props.error}>
        <Field
          name="password"
          label="Password"
          type="password"
          errors={props.errors}
          autocomplete="current-password"
          required
        />
        <CodeField label="Code from the app, or a recovery code" errors={props.errors} />
        <button class="button danger" type="submit">Turn off</button>
      </Form>
      <p class="muted">
        <a href="/settings">Cancel</a>
      </p>
    </section>
  );
}
