import { z } from "zod";
import { loginSchema, passwordField } from "../auth/schemas.ts";

/** A code as typed: six digits from the app, or a recovery code (spaces and dashes allowed). */
export const codeField = z.string().trim().min(1, "Enter the code.").max(
  40,
  "That is not a code from the app nor a recovery code.",
);

/** POST /api/v1/users/me/two-factor/confirm and the setup form. */
export const confirmSchema = z.object({ code: codeField });

/** POST /api/v1/users/me/two-factor/disable and the settings form. */
export const disableSchema = z.object({ password: passwordField, code: codeField });

/** POST /api/v1/auth/login/second-factor and the sign-in code form. */
export const secondStepSchema = z.object({
  challenge: z.string().min(1).max(2048).meta({
    description: "The challenge from the password step (valid 5 minutes).",
  }),
  code: codeField,
  session: loginSchema.shape.session,
});
