/**
 * What every /api/v1 route file shares to describe itself (docs/DESIGN.md, "API
 * description"): the OpenAPIHono factory whose validation failures are our
 * ValidationError, the error envelope, the security schemes, and helpers that
 * spell out a JSON body and the error statuses of an operation.
 */
import { OpenAPIHono, type RouteConfig } from "@hono/zod-openapi";
import { z } from "zod";
import {
  ACCESS_COOKIE_BASE,
  CSRF_COOKIE_BASE,
  CSRF_HEADER,
} from "../../../lib/shared/cookie_names.ts";
import { invalidInput } from "../../_validate.ts";

/** The error envelope every failure answers with (middleware/error_handler.ts). */
export const errorSchema = z.object({
  error: z.object({
    code: z.string().meta({ example: "validation" }),
    message: z.string(),
    details: z.unknown().optional().meta({
      description: "On a 400: `{fields: [{field, message}]}`; on a 429: the limit.",
    }),
  }),
}).meta({ id: "Error" });

/** A resource id in the path. */
export const idParam = z.object({ id: z.uuid() });

/** Signed in by the session cookie (browsers) or by a Bearer access token (API clients). */
export const SIGNED_IN: Record<string, string[]>[] = [{ cookieSession: [] }, {
  bearerToken: [],
}];

/** Open to anyone; a signed-in caller may see more. */
export const ANYONE: Record<string, string[]>[] = [{}, ...SIGNED_IN];

const ERROR_TEXT: Record<number, string> = {
  400: "The input is not valid (`details.fields` lists each problem) or not JSON.",
  401: "Not signed in, or the session has ended.",
  403: "Signed in but not allowed (role, CSRF token, or not yours to change).",
  404: "No such resource, or not one this caller may see.",
  409: "The resource is not in a state that allows this.",
  413: "The body or the file is too large, or a quota is used up.",
  415: "The body is not of an accepted type.",
  429: "Too many requests; `Retry-After` says when to try again.",
  503: "A dependency is not available right now.",
};

/** The error responses of an operation, each with the envelope. */
export function errors(...statuses: (keyof typeof ERROR_TEXT)[]) {
  return Object.fromEntries(statuses.map((s) => [s, {
    description: ERROR_TEXT[s],
    content: { "application/json": { schema: errorSchema } },
  }])) as Record<
    number,
    { description: string; content: { "application/json": { schema: typeof errorSchema } } }
  >;
}

/** A JSON response with `schema`. */
export function json<S extends z.ZodType>(schema: S, description: string) {
  return { description, content: { "application/json": { schema } } };
}

/** A JSON request body with `schema` (see withBodyReadByHandler). */
export function jsonBody<S extends z.ZodType>(schema: S) {
  return { required: true, content: { "application/json": { schema } } };
}

/**
 * Puts `route` in `app`'s document with its request body, and returns it for
 * app.openapi() with the body left out of validation: the handler reads the
 * body with readJson() and validate() (routes/_body.ts, routes/_validate.ts)
 * so that a malformed, empty or mislabelled body answers exactly as before
 * (the 400 envelope, not Hono's own 400/415), after the route's own checks.
 * So `c.req.valid("json")` is not filled in for these routes: validate() the body.
 */
export function withBodyReadByHandler<R extends RouteConfig>(app: OpenAPIHono, route: R): R {
  const { middleware: _middleware, hide: _hide, ...doc } = route;
  app.openAPIRegistry.registerPath(doc);
  return { ...route, hide: true, request: { ...route.request, body: undefined } };
}

/**
 * A router for /api/v1 routes: path and query parameters are validated by the
 * route's schemas and a failure throws the same ValidationError as validate().
 */
export function apiRouter(): OpenAPIHono {
  const app = new OpenAPIHono({
    defaultHook: (result) => {
      if (!result.success) throw invalidInput(result.error as z.ZodError);
    },
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "cookieSession", {
    type: "apiKey",
    in: "cookie",
    name: ACCESS_COOKIE_BASE,
    description:
      `The access cookie set at sign-in (\`__Host-${ACCESS_COOKIE_BASE}\` over HTTPS). ` +
      `Writes also send the \`${CSRF_HEADER}\` header with the value of the ` +
      `\`${CSRF_COOKIE_BASE}\` cookie (\`__Host-${CSRF_COOKIE_BASE}\` over HTTPS).`,
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "bearerToken", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: 'The access token from a sign-in with `"session": "token"`.',
  });
  return app;
}
