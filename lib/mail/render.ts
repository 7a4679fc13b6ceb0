/** The site a message speaks for: its name and the origin every link starts with. */
export interface MailSite {
  name: string;
  publicUrl: string;
}

/** What a message says, written once for both forms. */
export interface MailContent {
  subject: string;
  /** Paragraphs of plain text (escaped for the HTML form). */
  paragraphs: string[];
  /** The one thing to do, if any: a button in HTML, a bare link in text. */
  action?: { label: string; path: string };
  /** Said after the action, e.g. how long the link works. */
  after?: string[];
}

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ESCAPES[ch]);
}

/**
 * Renders a message as plain text and HTML. Every link is absolute, on
 * PUBLIC_URL, and the site's name signs it; anything interpolated into the
 * HTML is escaped (display names are user input).
 */
export function renderMail(
  site: MailSite,
  content: MailContent,
): { subject: string; text: string; html: string } {
  // PUBLIC_URL has no trailing slash (lib/config.ts); a path prefix in it is kept.
  const url = content.action && `${site.publicUrl}${content.action.path}`;
  const home = `${site.publicUrl}/`;
  const text = [
    ...content.paragraphs,
    ...(url ? [`${content.action!.label}:\n${url}`] : []),
    ...(content.after ?? []),
    `— ${site.name}\n${home}`,
  ].join("\n\n");
  const p = (s: string, style = "") => `<p style="margin:0 0 16px${style}">${escapeHtml(s)}</p>`;
  const html = `<!doctype html><html><body style="font-family:sans-serif;line-height:1.5;` +
    `color:#1a1a1a;max-width:560px;margin:0 auto;padding:24px">` +
    content.paragraphs.map((s) => p(s)).join("") +
    (url
      ? `<p style="margin:24px 0"><a href="${escapeHtml(url)}" style="background:#2557d6;` +
        `color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none">` +
        `${escapeHtml(content.action!.label)}</a></p>` +
        p(
          `If the button does not work, paste this address into your browser: ${url}`,
          ";overflow-wrap:anywhere",
        )
      : "") +
    (content.after ?? []).map((s) => p(s)).join("") +
    `<p style="margin:24px 0 0;color:#555">— <a href="${escapeHtml(home)}">` +
    `${escapeHtml(site.name)}</a></p></body></html>`;
  return { subject: `${content.subject} · ${site.name}`, text, html };
}
