import { type Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import {
  EmailSettingsPage,
  ForgotPasswordPage,
  LinkResult,
  ResetPasswordPage,
} from "../components/AccountMailPages.tsx";
import {
  checkResetLink,
  confirmEmailChange,
  emailStatus,
  MAIL_ANSWERS,
  MIN_PASSWORD_LENGTH,
  requestEmailChange,
  requestPasswordReset,
  resendVerification,
  resetPassword,
  verifyEmail,
} from "../lib/auth/mod.ts";
import { linkError } from "../lib/auth/mail_limits.ts";
import type { AccountTokenProblem } from "../lib/auth/mod.ts";
import {
  emailChangeSchema,
  forgotPasswordSchema,
  resetPasswordSchema,
} from "../lib/auth/schemas.ts";
import { ValidationError } from "../lib/errors.ts";
import { requireUser } from "../middleware/auth.ts";
import { clientIp } from "../middleware/rate_limit.ts";
import { clearSessionCookies } from "../middleware/session_cookies.ts";
import { type AuthRouteDeps, credentialLimit } from "./_auth_deps.ts";
import { formPost, type FormState } from "./_form.ts";
import { page } from "./_render.tsx";
import { validate } from "./_validate.ts";

const SENT: Record<string, string> = {
  verify: MAIL_ANSWERS.resend,
  change: MAIL_ANSWERS.change,
};

/** A link's problem, if `err` is the error linkError() makes. */
function problemOf(err: unknown): AccountTokenProblem | undefined {
  const d = err instanceof ValidationError ? err.details as { problem?: unknown } : undefined;
  return typeof d?.problem === "string" ? d.problem as AccountTokenProblem : undefined;
}

/**
 * The mailed-link pages: /forgot and /reset (password reset), /verify and
 * /verify/resend (confirming the address), /settings/email and /email/confirm
 * (changing it). Plain forms that work without JavaScript.
 */
export function accountMailPageRoutes(deps: AuthRouteDeps): Hono {
  const auth = deps.auth;
  const signedIn = requireUser({ signInPage: true });
  const ip = (c: Context) => clientIp(c, deps);
  return new Hono()
    .get("/forgot", (c) => page(c, <ForgotPasswordPage />))
    .post(
      "/forgot",
      credentialLimit(deps, "forgot-ip"),
      formPost(async (c, values) => {
        const { email } = validate(forgotPasswordSchema, values);
        await requestPasswordReset(auth, email, { ip: ip(c) });
        return page(c, <ForgotPasswordPage notice={MAIL_ANSWERS.reset} />);
      }, {
        rerender: (c, s, status) =>
          page(c, <ForgotPasswordPage email={s.values?.email} {...s} />, status),
      }),
    )
    .get("/reset", async (c) => {
      const token = c.req.query("token") ?? "";
      const problem = await checkResetLink(auth, token);
      if (problem) return badLink(c, problem, "reset");
      return page(c, <ResetPasswordPage token={token} minLength={MIN_PASSWORD_LENGTH} />);
    })
    .post(
      "/reset",
      credentialLimit(deps, "reset-ip"),
      formPost(async (c, values) => {
        try {
          await resetPassword(auth, validate(resetPasswordSchema, values));
        } catch (err) {
          const problem = problemOf(err);
          if (problem) return badLink(c, problem, "reset");
          throw err;
        }
        clearSessionCookies(c);
        return c.redirect("/signin?reset=1", 303);
      }, {
        rerender: (c, s, status) =>
          page(
            c,
            <ResetPasswordPage
              token={s.values?.token ?? ""}
              minLength={MIN_PASSWORD_LENGTH}
              {...s}
            />,
            status,
          ),
      }),
    )
    .get("/verify", credentialLimit(deps, "verify-ip"), async (c) => {
      try {
        await verifyEmail(auth, c.req.query("token"));
      } catch (err) {
        const problem = problemOf(err);
        if (problem) return badLink(c, problem, "verify");
        throw err;
      }
      return page(
        c,
        <LinkResult
          title="Address confirmed"
          message="Thank you: your email address is confirmed."
          ok
        >
          <p>
            <a class="button" href={c.get("user") ? "/" : "/signin"}>
              {c.get("user") ? "Go to the home page" : "Sign in"}
            </a>
          </p>
        </LinkResult>,
      );
    })
    .post("/verify/resend", signedIn, credentialLimit(deps, "mail-resend-ip"), async (c) => {
      await resendVerification(auth, c.get("user")!.id, { ip: ip(c) });
      return c.redirect("/settings/email?sent=verify", 303);
    })
    .get(
      "/settings/email",
      signedIn,
      (c) => emailPage(c, { notice: SENT[c.req.query("sent") ?? ""] }),
    )
    .post(
      "/settings/email",
      signedIn,
      credentialLimit(deps, "email-change-ip"),
      formPost(async (c, values) => {
        const input = validate(emailChangeSchema, values);
        await requestEmailChange(auth, { ...input, userId: c.get("user")!.id }, { ip: ip(c) });
        return c.redirect("/settings/email?sent=change", 303);
      }, { rerender: emailPage, forget: ["currentPassword"] }),
    )
    .get("/email/confirm", credentialLimit(deps, "email-confirm-ip"), async (c) => {
      let email: string;
      try {
        ({ email } = await confirmEmailChange(auth, c.req.query("token")));
      } catch (err) {
        const problem = problemOf(err);
        if (problem) return badLink(c, problem, "change");
        throw err;
      }
      return page(
        c,
        <LinkResult
          title="Address changed"
          message={`Your account now uses ${email}. Your old address has been told.`}
          ok
        >
          <p>
            <a class="button" href="/settings/email">Email settings</a>
          </p>
        </LinkResult>,
      );
    });

  async function emailPage(c: Context, s: FormState, status: ContentfulStatusCode = 200) {
    const address = (await emailStatus(auth, c.get("user")!.id))!;
    return page(
      c,
      <EmailSettingsPage
        {...address}
        required={auth.mail.requireVerification}
        {...s}
      />,
      status,
    );
  }
}

const AGAIN = {
  reset: { href: "/forgot", label: "Ask for a new reset link", title: "Password reset" },
  verify: {
    href: "/settings/email",
    label: "Get a new confirmation link",
    title: "Confirm address",
  },
  change: { href: "/settings/email", label: "Start the change again", title: "Change address" },
};

/** A link that did not work: why, in a sentence, and where to get a new one (400). */
function badLink(c: Context, problem: AccountTokenProblem, kind: keyof typeof AGAIN): Response {
  const again = AGAIN[kind];
  return page(
    c,
    <LinkResult title={again.title} message={linkError(problem).message} ok={false}>
      <p>
        <a class="button" href={again.href}>{again.label}</a>
      </p>
    </LinkResult>,
    400,
  );
}
