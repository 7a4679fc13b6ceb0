import type { Page } from "playwright-core";

const AXE = new URL("../../node_modules/axe-core/axe.min.js", import.meta.url);
let source: string | undefined;

/** One accessibility problem axe found, in a line a person can act on. */
export interface AxeProblem {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/**
 * Runs axe-core (WCAG 2 A/AA rules) in the page and returns the serious and
 * critical violations. The page's context must bypass CSP (axe is injected
 * as a script the page's own policy would refuse).
 */
export async function seriousAxeProblems(page: Page): Promise<AxeProblem[]> {
  source ??= await Deno.readTextFile(AXE);
  await page.addScriptTag({ content: source });
  return await page.evaluate(async () => {
    // deno-lint-ignore no-explicit-any
    const axe = (globalThis as any).axe;
    const result = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    // deno-lint-ignore no-explicit-any
    return result.violations.filter((v: any) => ["serious", "critical"].includes(v.impact))
      // deno-lint-ignore no-explicit-any
      .map((v: any) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        // deno-lint-ignore no-explicit-any
        targets: v.nodes.slice(0, 5).map((n: any) => n.target.join(" ")),
      }));
  });
}

/**
 * What a person would trip over on the page, as sentences labelled `label`:
 * serious or critical axe findings and, on a phone, a page wider than the screen.
 */
export async function pageProblems(
  page: Page,
  label: string,
  options: { phone: boolean },
): Promise<string[]> {
  const problems = (await seriousAxeProblems(page)).map((a) =>
    `${label}: ${a.id} (${a.impact}) ${a.help} at ${a.targets.join(", ")}`
  );
  if (options.phone) {
    const overflow = await page.evaluate(() =>
      document.documentElement.scrollWidth - document.documentElement.clientWidth
    );
    if (overflow > 1) problems.push(`${label}: wider than the phone by ${overflow}px`);
  }
  return problems;
}
