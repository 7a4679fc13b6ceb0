/** A piece of plain text: words, or a link to an http(s) address. */
export type TextPart = { text: string } | { text: string; href: string };

// A candidate: http(s):// followed by anything up to white space or angle brackets/quotes.
const CANDIDATE = /\bhttps?:\/\/[^\s<>"']+/gi;
// Punctuation that ends a sentence rather than the address.
const TRAILING = /[.,;:!?)\]}]+$/;

/**
 * Splits user text into plain parts and links. Only absolute http and https
 * addresses that the URL parser accepts become links (never `javascript:`,
 * `data:` or relative ones); trailing punctuation stays text. The caller
 * renders parts as escaped text, so no HTML in the input ever takes effect.
 */
export function linkify(text: string): TextPart[] {
  const parts: TextPart[] = [];
  let last = 0;
  for (const m of text.matchAll(CANDIDATE)) {
    let raw = m[0];
    // Keep a closing parenthesis that the address itself opened (Wikipedia links).
    const trail = TRAILING.exec(raw)?.[0] ?? "";
    raw = raw.slice(0, raw.length - trail.length);
    if (trail.startsWith(")") && raw.includes("(") && !raw.includes(")")) raw += ")";
    let href: string | undefined;
    try {
      const url = new URL(raw);
      if ((url.protocol === "http:" || url.protocol === "https:") && url.hostname) href = url.href;
    } catch {
      href = undefined;
    }
    if (!href) continue;
    if (m.index > last) parts.push({ text: text.slice(last, m.index) });
    parts.push({ text: raw, href });
    last = m.index + raw.length;
  }
  if (last < text.length) parts.push({ text: text.slice(last) });
  return parts;
}
