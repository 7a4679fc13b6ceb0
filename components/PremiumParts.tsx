import { PosterImage } from "./PosterImage.tsx";
import { CsrfField } from "./CsrfField.tsx";
import { premiumEnforced } from "../lib/videos/access.ts";
import { absoluteDate } from "../lib/shared/dates.ts";

/**
 * What a premium-only video's page shows instead of the player to someone
 * who may not play it: the poster and a call to go premium (or to sign in).
 */
export function PremiumLocked(props: { posterUrl?: string; signedIn: boolean; videoId: string }) {
  const next = encodeURIComponent(`/v/${props.videoId}`);
  return (
    <div class="premium-locked">
      <PosterImage class="watch-poster" url={props.posterUrl ?? null} />
      <div class="premium-locked-card" role="region" aria-label="Premium video">
        <p class="premium-badge">Premium</p>
        <p>This video is for premium members.</p>
        <p class="premium-locked-actions">
          <a class="button" href="/pricing">Go premium</a>
          {!props.signedIn && <a class="button secondary" href={`/signin?next=${next}`}>Sign in</a>}
        </p>
      </div>
    </div>
  );
}

/** The studio edit page's premium switch; nothing while premium is off (no Stripe). */
export function StudioPremium(props: { video: { id: string; premium: boolean } }) {
  if (!premiumEnforced()) return null;
  const { video } = props;
  return (
    <section class="form-card studio-premium" aria-labelledby="studio-premium-title">
      <h2 id="studio-premium-title">Premium</h2>
      <p class="muted">
        A premium-only video shows its page, poster, title and description to everyone, but only
        premium members can play it. Its watch time earns you a share of premium revenue: see{" "}
        <a href="/studio/monetization">Monetization</a>.
      </p>
      <form method="post" action={`/studio/videos/${video.id}/premium`}>
        <CsrfField />
        <input type="hidden" name="premium" value={video.premium ? "false" : "true"} />
        <p>
          {video.premium ? "This video is premium-only." : "Everyone can play this video."}
        </p>
        <button class="button secondary" type="submit">
          {video.premium ? "Make it free to watch" : "Make it premium-only"}
        </button>
      </form>
    </section>
  );
}

/** The settings page's premium summary and link; nothing while premium is off. */
export function PremiumSettingsLink(props: { premium?: boolean }) {
  if (!premiumEnforced()) return null;
  return (
    <section class="form-card">
      <h2>Premium</h2>
      <p>{props.premium ? "You are a premium member." : "You are on the free tier."}</p>
      <p>
        <a href="/account/premium">Your plan, renewal and billing</a>
      </p>
    </section>
  );
}

/** A date as the pages show it (UTC). */
export function PremiumDate(props: { at: Date | null }) {
  if (!props.at) return <>–</>;
  return <time dateTime={props.at.toISOString()}>{absoluteDate(props.at)}</time>;
}
