import type { VNode } from "preact";
import { renderToString } from "preact-render-to-string";
import { collectIslands } from "./define.tsx";

/**
 * Renders a full HTML document. The islands bundle is referenced only when
 * the page used at least one island: pages without islands ship no JS.
 */
export function renderPage(page: VNode, options: { islandsUrl?: string }): string {
  const { result: html, islands } = collectIslands(() => renderToString(page));
  if (islands.size === 0 || !options.islandsUrl) return `<!DOCTYPE html>${html}`;
  const script = `<script type="module" src="${options.islandsUrl}"></script>`;
  return `<!DOCTYPE html>${html.replace("</body>", `${script}</body>`)}`;
}
