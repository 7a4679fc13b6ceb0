import type { Context } from "hono";
import { ValidationError } from "../lib/errors.ts";

/** The request's JSON body; a missing or malformed one is a ValidationError (400). */
export async function readJson(c: Context): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new ValidationError("The request body is not valid JSON.");
  }
}
