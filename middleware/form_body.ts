import type { Context } from "hono";
import { AppError, ValidationError } from "../lib/errors.ts";

/**
 * The request's form fields and files (Hono's parseBody, cached for the next
 * reader). A body that is not a well-formed form is a ValidationError (400)
 * rather than the TypeError the parser throws; limit and timeout failures of
 * the body stream pass through as they are.
 */
export async function readFormBody(c: Context): Promise<Record<string, string | File>> {
  try {
    const body = await c.req.parseBody();
    const out: Record<string, string | File> = {};
    for (const [k, v] of Object.entries(body)) {
      if (typeof v === "string" || v instanceof File) out[k] = v;
    }
    return out;
  } catch (err) {
    if (err instanceof AppError || (err instanceof Error && "status" in err)) throw err;
    throw new ValidationError("The form could not be read.");
  }
}
