import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { Field, Form } from "../components/Form.tsx";
import { Layout } from "../components/Layout.tsx";
import { RegistrationNotice } from "../components/RegistrationNotice.tsx";
import type { z } from "zod";
import { logIn, logOut, MIN_PASSWORD_LENGTH, signUp, SIGNUP_ACCEPTED } from "../lib/auth/mod.ts";
import type { Session } from "../lib/auth/accounts.ts";
import { loginSchema, signupSchema } from "../lib/auth/schemas.ts";
import { completeSecondFactor, type SecondFactorRequired } from "../lib/two_factor/mod.ts";
import { secondStepSchema } from "../lib/two_factor/schemas.ts";
import { TwoFactorCodeForm } from "../components/TwoFactorCodeForm.tsx";
import {
  clearSessionCookies,
  readSessionCookies,
  setSessionCookies,
} from "../middleware/session_cookies.ts";
import { type AuthRouteDeps, credentialLimit, safeNext } from "./_auth_deps.ts";
import { formPost, type FormState } from "./_form.ts";
import { clientIp } from "../middleware/rate_limit.ts";
import { page } from "./_render.tsx";
import { validate } from "./_validate.ts";

/** GET/POST /signup and /signin, POST /signout: plain forms that work without JS. */
export function authPageRoutes(deps: AuthRouteDeps): Hono {
  return new Hono()
    .get("/signup", (c) => c.get("user") ? c.redirect("/", 303) : signupPage(c, {}))
    .post(
      "/signup",
      credentialLimit(deps, "signup-ip"),
      formPost(async (c, values) => {
        const input = validate(signupSchema, { ...values, session: "cookie" });
        await signUp(deps.auth, input, { ip: clientIp(c, deps) });
        // The same answer whether or not the address had an account: go and sign in.
        const next = safeNext(values.next);
        return c.redirect(
          `/signin?signed_up=1${next === "/" ? "" : `&next=${encodeURIComponent(next)}`}`,
          303,
        );
      }, { rerender: signupPage, forget: ["password"] }),
    )
    .get(
      "/signin",
      (c) =>
        c.get("user") ? c.redirect(safeNext(c.req.query("next")), 303) : signinPage(c, {
          values: { next: c.req.query("next") ?? "" },
          notice: signinNotice(c.req.query()),
        }),
    )
    .post(
      "/signin",
      credentialLimit(deps, "login-ip"),
      credentialForm({
        schema: loginSchema,
        act: (i, o) => logIn(deps.auth, i, o),
        page: signinPage,
        trustProxy: deps.trustProxy,
      }),
    )
    .post(
      "/signin/code",
      credentialLimit(deps, "second-factor-ip"),
      credentialForm({
        schema: secondStepSchema,
        act: (i, o) => completeSecondFactor(deps.auth, i, o),
        page: codePage,
        trustProxy: deps.trustProxy,
      }),
    )
    .post("/signout", async (c) => {
      // The access token's session too: a copied access cookie must not outlive the sign-out.
      await logOut(deps.auth, readSessionCookies(c).refresh, {
        sessionId: c.get("session")?.claims.sessionId,
      });
      clearSessionCookies(c);
      c.set("user", undefined);
      return c.redirect("/", 303);
    });
}

/**
 * The POST handler shared by sign-up and sign-in: validate the form, run the
 * account action, set the session cookies and go on; otherwise re-render the
 * page with the values (never the password) and the errors.
 */
function credentialForm<S extends z.ZodType>(options: {
  schema: S;
  act: (
    input: z.infer<S>,
    o: { userAgent?: string; ip: string },
  ) => Promise<Session | SecondFactorRequired>;
  page: (c: Context, s: FormState, status: ContentfulStatusCode) => Response;
  trustProxy: boolean;
}) {
  return formPost(async (c, values) => {
    const input = validate(options.schema, { ...values, session: "cookie" });
    const session = await options.act(input, {
      userAgent: c.req.header("user-agent"),
      ip: clientIp(c, options),
    });
    if ("secondFactor" in session) {
      const { challenge } = session.secondFactor;
      return codePage(c, { values: { challenge, next: values.next ?? "" } }, 200);
    }
    setSessionCookies(c, session.tokens);
    return c.redirect(safeNext(values.next), 303);
  }, { rerender: options.page, forget: ["password", "code"] });
}

function codePage(c: Context, s: FormState, status: ContentfulStatusCode = 200) {
  return page(
    c,
    <Layout title="Two-factor sign-in">
      <TwoFactorCodeForm {...s} />
    </Layout>,
    status,
  );
}

function signupPage(c: Context, s: FormState, status: ContentfulStatusCode = 200) {
  const v = s.values ?? { next: c.req.query("next") ?? "" };
  return page(
    c,
    <Layout title="Sign up">
      <section class="form-card">
        <h1>Create your account</h1>
        <Form action="/signup" error={s.error}>
          <input type="hidden" name="next" value={v.next ?? ""} />
          <RegistrationNotice
            mode={c.get("registration")}
            invitation={v.invitation ?? c.req.query("invite")}
          />
          <Field
            name="email"
            label="Email"
            type="email"
            value={v.email}
            errors={s.errors}
            autocomplete="email"
            required
          />
          <Field
            name="displayName"
            label="Display name"
            value={v.displayName}
            errors={s.errors}
            autocomplete="nickname"
            maxLength={50}
            required
          />
          <Field
            name="password"
            label={`Password (at least ${MIN_PASSWORD_LENGTH} characters)`}
            type="password"
            errors={s.errors}
            autocomplete="new-password"
            required
          />
          <button class="button" type="submit">Sign up</button>
        </Form>
        <p class="muted">
          Already have an account? <a href="/signin">Sign in</a>
        </p>
      </section>
    </Layout>,
    status,
  );
}

const SIGNIN_NOTICES: Record<string, string> = {
  ended: "You have been signed out everywhere.",
  deleted: "Your account has been deleted.",
  signed_up: SIGNUP_ACCEPTED.message,
  reset: "Your password has been changed and every session ended. Sign in with the new password.",
};

function signinNotice(query: Record<string, string>): string | undefined {
  const key = Object.keys(SIGNIN_NOTICES).find((k) => query[k]);
  return key && SIGNIN_NOTICES[key];
}

function signinPage(c: Context, s: FormState, status: ContentfulStatusCode = 200) {
  const v = s.values ?? {};
  return page(
    c,
    <Layout title="Sign in">
      <section class="form-card">
        <h1>Sign in</h1>
        <Form action="/signin" error={s.error} notice={s.notice}>
          <input type="hidden" name="next" value={v.next ?? ""} />
          <RegistrationNotice
            mode={c.get("registration")}
            invitation={v.invitation ?? c.req.query("invite")}
          />
          <Field
            name="email"
            label="Email"
            type="email"
            value={v.email}
            errors={s.errors}
            autocomplete="username"
            required
          />
          <Field
            name="password"
            label="Password"
            type="password"
            errors={s.errors}
            autocomplete="current-password"
            required
          />
          <button class="button" type="submit">Sign in</button>
        </Form>
        <p class="muted">
          <a href="/forgot">Forgot password?</a>
        </p>
        <p class="muted">
          New here? <a href="/signup">Create an account</a>
        </p>
      </section>
    </Layout>,
    status,
  );
}
