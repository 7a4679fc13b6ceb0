/** Driving the Player island in Chromium: start playback as a viewer would, on a slow link. */
import type { BrowserContext, Page } from "playwright-core";

/** Opens `url`, waits for hydration, presses the big play button and waits until it plays. */
export async function playFromClick(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await page.waitForSelector("html[data-hydrated='true']");
  await page.click(".player-big-play");
  await page.waitForFunction(
    () => (document.querySelector("video")?.currentTime ?? 0) > 0.3,
    null,
    { timeout: 30_000 },
  );
}

/** Throttles `page` to `mbps` both ways with `latencyMs` added to every request (CDP). */
export async function throttle(
  context: BrowserContext,
  page: Page,
  options: { mbps: number; latencyMs: number },
): Promise<void> {
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: options.latencyMs,
    downloadThroughput: options.mbps * 1_000_000 / 8,
    uploadThroughput: options.mbps * 1_000_000 / 8,
  });
}
