import type { Tier } from "../lib/billing/entitlement.ts";
import { CsrfField } from "./CsrfField.tsx";

const TIER_TEXT: Record<Tier, string> = { free: "free", premium: "premium", creator: "creator" };

/**
 * /admin/users' tier cell (only with premium configured): the tier, and a
 * button granting the creator tier (premium without paying) or taking it back.
 */
export function AdminTierCell(props: { user: { id: string; displayName: string; tier: Tier } }) {
  const u = props.user;
  const creator = u.tier === "creator";
  return (
    <form method="post" action={`/admin/users/${u.id}/tier`} class="admin-row">
      <CsrfField />
      <input type="hidden" name="tier" value={creator ? "free" : "creator"} />
      <span>{TIER_TEXT[u.tier]}</span>
      <button class="button small secondary" type="submit">
        {creator
          ? (
            <>
              Take back{" "}
              <span class="visually-hidden">{`the creator tier from ${u.displayName}`}</span>
            </>
          )
          : (
            <>
              Make creator<span class="visually-hidden">{`: ${u.displayName}`}</span>
            </>
          )}
      </button>
    </form>
  );
}
