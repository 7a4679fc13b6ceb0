/**
 * Premium-only videos: the process-wide switch and which media files stay
 * open. Internal to lib/videos/access.ts (premiumLocked(), the rule itself)
 * and media_access.ts; callers go through those.
 */
import { MEDIA_FILES, THUMBS_DIR } from "../storage/layout.ts";

let premiumOn = false;

/**
 * Turns the premium rule on or off for this process: on exactly when Stripe
 * is configured (createApp() and openServices() apply the config). Off, a
 * video's premium flag is ignored, so an instance without billing behaves as
 * if premium did not exist (nobody could subscribe to watch).
 */
export function enforcePremium(on: boolean): void {
  premiumOn = on;
}

/** Whether premium-only videos are enforced (Stripe configured). */
export function premiumEnforced(): boolean {
  return premiumOn;
}

/**
 * Whether a media path is premium content (a playlist, segment, caption,
 * storyboard) rather than the pictures that present the video on its page and
 * in lists (the poster, thumbnails), which non-subscribers still see.
 */
export function isPremiumContent(path: string | undefined): boolean {
  if (path === undefined) return true;
  return path !== MEDIA_FILES.poster && !path.startsWith(THUMBS_DIR);
}
