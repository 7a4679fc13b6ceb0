import { z } from "zod";
import { ROLES } from "./types.ts";

// Bidirectional overrides and isolates can make a name render as something else.
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/;
// Control characters other than tab and newline (newline only where allowed).
const CONTROLS = /[\p{Cc}]/u;

function cleanText(options: { max: number; min?: number; multiline?: boolean; label: string }) {
  return z.string().transform((s) => s.normalize("NFC").trim()).superRefine((s, ctx) => {
    const length = [...s].length;
    const issue = (message: string) => ctx.addIssue({ code: "custom", message });
    if (!s.isWellFormed()) return issue(`${options.label} contains invalid characters.`);
    const controls = options.multiline ? s.replace(/[\n\t]/g, "").replace(/\r\n?/g, "") : s;
    if (CONTROLS.test(controls) || BIDI_CONTROLS.test(s)) {
      return issue(`${options.label} contains control characters.`);
    }
    if (length < (options.min ?? 0)) {
      issue(`${options.label} must be at least ${options.min} characters.`);
    }
    if (length > options.max) issue(`${options.label} must be at most ${options.max} characters.`);
  });
}

/** An email address, trimmed and lower-cased so that one mailbox is one account. */
export const emailField = z.string().max(320).transform((s) =>
  s.normalize("NFC").trim().toLowerCase()
)
  .pipe(z.email("Enter a valid email address.").max(254, "That email address is too long."));

/** A password as typed; the strength policy runs in lib/auth/password.ts. */
export const passwordField = z.string().min(1, "Enter a password.").max(
  256,
  "A password may be at most 256 characters.",
).refine((s) => s.isWellFormed(), "The password contains invalid characters.");

/** A display name: 1–50 characters, no control characters. */
export const displayNameField = cleanText({ min: 1, max: 50, label: "Display name" });

/** A bio: up to 500 characters, line breaks allowed. */
export const bioField = cleanText({ max: 500, multiline: true, label: "Bio" });

/** How a client wants its session: cookies (browsers) or tokens in the body (API clients). */
const sessionMode = z.enum(["cookie", "token"]).default("cookie");

/** POST /api/v1/auth/signup and the sign-up form. */
export const signupSchema = z.object({
  email: emailField,
  password: passwordField,
  displayName: displayNameField,
  session: sessionMode,
  /** The invitation link's token (registration mode `invite`). */
  invitation: z.string().trim().max(100).optional(),
});

/** POST /api/v1/auth/login and the sign-in form. */
export const loginSchema = z.object({
  email: emailField,
  password: passwordField,
  session: sessionMode,
});

/** POST /api/v1/auth/refresh: the cookie, or a token in the body. */
export const refreshSchema = z.object({ refreshToken: z.string().min(1).max(200).optional() });

/** PATCH /api/v1/users/me and the profile form. */
export const profileSchema = z.object({
  displayName: displayNameField.optional(),
  bio: bioField.optional(),
});

/** POST /api/v1/auth/password and the settings form. */
export const changePasswordSchema = z.object({
  currentPassword: passwordField,
  newPassword: passwordField,
});

/** A role name. */
export const roleField = z.enum(ROLES);

/** A token from a mailed link (its format is checked where it is used). */
const linkToken = z.string().max(200);

/** POST /api/v1/auth/verify and /api/v1/users/me/email/confirm. */
export const linkTokenSchema = z.object({ token: linkToken });

/** POST /api/v1/auth/password/forgot and the "Forgot password?" form. */
export const forgotPasswordSchema = z.object({ email: emailField });

/** POST /api/v1/auth/password/reset and the reset form. */
export const resetPasswordSchema = z.object({ token: linkToken, newPassword: passwordField });

/** POST /api/v1/users/me/email and the email settings form. */
export const emailChangeSchema = z.object({ newEmail: emailField, currentPassword: passwordField });
