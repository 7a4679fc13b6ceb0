import { Hono } from "hono";
import { z } from "zod";
import type { Sql } from "../lib/db/mod.ts";
import { GRANTABLE_TIERS, setGrantedTier } from "../lib/billing/tier_grant.ts";
import { requireRole, requireUser } from "../middleware/auth.ts";
import { uuidParam } from "./_admin_list.ts";
import { auditActor } from "./_audit_actor.ts";
import { formText } from "./_form.ts";
import { validate } from "./_validate.ts";

/** What the tier routes need (mounted only with premium configured). */
export interface AdminTierDeps {
  sql: Sql;
  trustProxy: boolean;
  /** The premium grace (ms) a tier taken back is recomputed with. */
  graceMs: number;
}

// The tier form of /admin/users.
const tierFormSchema = z.object({ tier: z.enum(GRANTABLE_TIERS) });

/**
 * POST /admin/users/:id/tier (admins): grant the creator tier or take it back,
 * from the users list (components/AdminTierCell.tsx); lib/billing/tier_grant.ts
 * holds the rule and the audit.
 */
export function adminTierRoutes(deps: AdminTierDeps): Hono {
  return new Hono().post(
    "/admin/users/:id/tier",
    requireUser({ signInPage: true }),
    requireRole("admin"),
    async (c) => {
      const { tier } = validate(tierFormSchema, await formText(c));
      await setGrantedTier(deps.sql, uuidParam(c, "user"), {
        tier,
        actor: auditActor(c, deps),
        graceMs: deps.graceMs,
      });
      return c.redirect("/admin/users?done=tier", 303);
    },
  );
}
