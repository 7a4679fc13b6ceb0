import { createRoute, type OpenAPIHono } from "@hono/zod-openapi";
import { z } from "zod";
import type { Sql } from "../../../lib/db/mod.ts";
import type { BillingConfig } from "../../../lib/billing/config.ts";
import type { StripeGateway } from "../../../lib/billing/stripe_client.ts";
import { handleEvent, verifyEvent, WEBHOOK_BODY_LIMIT } from "../../../lib/billing/webhook.ts";
import { openPortal, PLANS, premiumStatus, startCheckout } from "../../../lib/billing/checkout.ts";
import { TIERS } from "../../../lib/billing/entitlement.ts";
import { LimitError } from "../../../lib/errors.ts";
import { setVideoPremium } from "../../../lib/videos/premium_flag.ts";
import { requireUser } from "../../../middleware/auth.ts";
import { readJson } from "../../_body.ts";
import { validate } from "../../_validate.ts";
import {
  ANYONE,
  apiRouter,
  errors,
  idParam,
  json,
  jsonBody,
  SIGNED_IN,
  withBodyReadByHandler,
} from "./_openapi.ts";

const tags = ["premium"];
const checkoutBody = z.object({ plan: z.enum(PLANS).default("monthly") }).strict();
const premiumBody = z.object({ premium: z.boolean() }).strict();
const redirect = z.object({ url: z.string().meta({ description: "Where to send the user." }) });

const checkout = createRoute({
  method: "post",
  path: "/api/v1/billing/checkout",
  operationId: "startCheckout",
  tags,
  summary: "Start Stripe Checkout for premium (subscription mode)",
  security: SIGNED_IN,
  middleware: requireUser(),
  request: { body: jsonBody(checkoutBody) },
  responses: {
    200: json(redirect, "The Checkout page's URL."),
    ...errors(400, 401, 403, 409, 413, 429, 503),
  },
});

const portal = createRoute({
  method: "post",
  path: "/api/v1/billing/portal",
  operationId: "openBillingPortal",
  tags,
  summary: "Open Stripe's Customer Portal (card, cancellation, invoices)",
  security: SIGNED_IN,
  middleware: requireUser(),
  responses: { 200: json(redirect, "The portal's URL."), ...errors(401, 403, 429, 503) },
});

const me = createRoute({
  method: "get",
  path: "/api/v1/billing/me",
  operationId: "getMyPremium",
  tags,
  summary: "The signed-in user's tier and subscription (stored state)",
  security: SIGNED_IN,
  middleware: requireUser(),
  responses: {
    200: json(
      z.object({
        tier: z.enum(TIERS),
        premium: z.boolean(),
        subscription: z.object({
          plan: z.string(),
          status: z.string(),
          cancelAtPeriodEnd: z.boolean(),
          currentPeriodEnd: z.iso.datetime().nullable(),
          paymentFailedAt: z.iso.datetime().nullable(),
          entitled: z.boolean(),
        }).nullable(),
      }),
      "Tier, premium now, and the latest subscription.",
    ),
    ...errors(401, 429),
  },
});

const webhook = createRoute({
  method: "post",
  path: "/api/v1/billing/webhook",
  operationId: "stripeWebhook",
  tags,
  summary: "Stripe's webhook (signed with the webhook secret; Stripe calls it)",
  description: "Verifies the Stripe-Signature header over the raw body (tolerance " +
    "STRIPE_WEBHOOK_TOLERANCE_S), then applies the event once per id.",
  security: ANYONE,
  request: { headers: z.object({ "stripe-signature": z.string().max(4096).optional() }) },
  responses: {
    200: json(
      z.object({ received: z.boolean(), outcome: z.enum(["applied", "duplicate", "ignored"]) }),
      "Accepted (or already applied).",
    ),
    ...errors(400, 403, 413, 429, 503),
  },
});

const flag = createRoute({
  method: "put",
  path: "/api/v1/videos/{id}/premium",
  operationId: "setVideoPremium",
  tags,
  summary: "Mark a video premium-only, or not (owner or admin)",
  security: SIGNED_IN,
  middleware: requireUser(),
  request: { params: idParam, body: jsonBody(premiumBody) },
  responses: {
    200: json(z.object({ premium: z.boolean() }), "The video's flag now."),
    ...errors(400, 401, 403, 404, 413, 429),
  },
});

/** What the premium API needs (mounted only with Stripe configured). */
export interface BillingApiDeps {
  sql: Sql;
  gateway: StripeGateway;
  config: BillingConfig;
  publicUrl: string;
}

/**
 * POST /api/v1/billing/checkout, /portal and /webhook, GET /api/v1/billing/me
 * and PUT /api/v1/videos/:id/premium.
 */
export function billingApiRoutes(deps: BillingApiDeps): OpenAPIHono {
  const app = apiRouter();
  return app
    .openapi(withBodyReadByHandler(app, checkout), async (c) => {
      const { plan } = validate(checkoutBody, await readJson(c));
      const url = await startCheckout(deps, c.get("user")!, { plan });
      return c.json({ url }, 200);
    })
    .openapi(portal, async (c) => c.json({ url: await openPortal(deps, c.get("user")!) }, 200))
    .openapi(me, async (c) => {
      const status = await premiumStatus(deps.sql, c.get("user")!.id);
      c.header("Cache-Control", "private, no-store");
      const iso = (d: Date | null) => d?.toISOString() ?? null;
      const sub = status.subscription;
      return c.json({
        ...status,
        subscription: sub &&
          {
            ...sub,
            currentPeriodEnd: iso(sub.currentPeriodEnd),
            paymentFailedAt: iso(sub.paymentFailedAt),
          },
      }, 200);
    })
    .openapi(webhook, async (c) => {
      // The signature covers the exact bytes: read raw, never re-serialised.
      const body = new Uint8Array(await c.req.arrayBuffer());
      if (body.byteLength > WEBHOOK_BODY_LIMIT) throw new LimitError("The event is too large.");
      const event = await verifyEvent(deps.gateway, body, {
        header: c.req.header("stripe-signature"),
        config: deps.config,
      });
      const outcome = await handleEvent(deps, event);
      return c.json({ received: true, outcome }, 200);
    })
    .openapi(withBodyReadByHandler(app, flag), async (c) => {
      const { id } = c.req.valid("param");
      const { premium } = validate(premiumBody, await readJson(c));
      const now = await setVideoPremium(deps.sql, { videoId: id, viewer: c.get("user"), premium });
      return c.json({ premium: now }, 200);
    });
}
