import { premiumEnforced } from "../lib/videos/access.ts";

/**
 * "Premium" beside a premium-only video (cards, next up, the watch page): a
 * word, not a colour, so it reads the same to everyone; nothing while premium
 * is off (no Stripe), when the flag means nothing.
 */
export function PremiumBadge(props: { premium?: boolean }) {
  if (!props.premium || !premiumEnforced()) return null;
  return (
    <>
      <span class="premium-badge premium-tag">Premium</span>
      {" "}
    </>
  );
}
