import type { z } from "zod";
import { ValidationError } from "../lib/errors.ts";

/**
 * Parses input at the edge with a zod schema; failures become a
 * ValidationError (400) whose details list each field's problem.
 */
export function validate<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw invalidInput(r.error);
}

/** The ValidationError for a failed zod parse: one `{field, message}` per issue. */
export function invalidInput(error: z.ZodError): ValidationError {
  const fields = error.issues.map((i) => ({
    field: i.path.join(".") || "(input)",
    message: i.message,
  }));
  return new ValidationError("Some of the input is not valid.", { details: { fields } });
}
