import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { type FieldErrors, fieldErrors } from "../components/Form.tsx";
import {
  AuthenticationError,
  ConflictError,
  LimitError,
  PermissionError,
  ValidationError,
} from "../lib/errors.ts";
import { toErrorResponse } from "../middleware/error_handler.ts";
import { readFormBody } from "../middleware/form_body.ts";

/** A submitted HTML form's text fields (files are left out). */
export async function formText(c: Context): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(await readFormBody(c))) if (typeof v === "string") out[k] = v;
  return out;
}

/** What a page with a form shows: the values kept, field errors, a message, a notice. */
export interface FormState {
  values?: Record<string, string>;
  errors?: FieldErrors;
  error?: string;
  notice?: string;
}

/** Failures a person can put right in the form; anything else goes to the error page. */
const RECOVERABLE = [
  ValidationError,
  ConflictError,
  LimitError,
  AuthenticationError,
  PermissionError,
];

/**
 * The page-form round trip, written once: reads the form's text fields, runs
 * `act` with them (it answers, usually with a 303 redirect), and when `act`
 * fails in a way a person can fix, re-renders the page with the values kept
 * (the `forget` fields blanked, e.g. passwords), each field's error, the
 * message, and the status the error handler would give that error (one
 * status map). `field` names the field that gets the message when the error
 * names none (e.g. a file input). With `values: false` the body is left to
 * `act` (a file upload).
 */
export function formPost(
  act: (c: Context, values: Record<string, string>) => Promise<Response>,
  options: {
    rerender: (
      c: Context,
      state: FormState,
      status: ContentfulStatusCode,
    ) => Response | Promise<Response>;
    forget?: string[];
    field?: string;
    values?: false;
  },
): (c: Context) => Promise<Response> {
  return async (c) => {
    const values = options.values === false ? {} : await formText(c);
    try {
      return await act(c, values);
    } catch (err) {
      if (!RECOVERABLE.some((type) => err instanceof type)) throw err;
      const e = err as ValidationError;
      const kept = { ...values };
      for (const f of options.forget ?? []) if (f in kept) kept[f] = "";
      const errors = fieldErrors(e.details);
      const state: FormState = options.field
        ? { values: kept, errors: { [options.field]: e.message, ...errors } }
        : { values: kept, errors, error: e.message };
      return await options.rerender(c, state, toErrorResponse(err).status);
    }
  };
}
