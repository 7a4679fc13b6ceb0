import type { Context } from "hono";
import { readFormBody } from "../middleware/form_body.ts";

/** A submitted HTML form's text fields (files are left out). */
export async function formText(c: Context): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(await readFormBody(c))) if (typeof v === "string") out[k] = v;
  return out;
}
