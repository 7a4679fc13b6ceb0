import type { ComponentChildren } from "preact";
import { useContext } from "preact/hooks";
import { Layout } from "./Layout.tsx";
import { SessionContext } from "./session.ts";

/** The admin sections: who sees each tab (moderators see the review side only). */
const SECTIONS = [
  { href: "/admin", label: "Dashboard", adminOnly: false },
  { href: "/admin/review", label: "Review", adminOnly: false },
  { href: "/admin/reports", label: "Reports", adminOnly: false },
  { href: "/admin/users", label: "Users", adminOnly: true },
  { href: "/admin/videos", label: "Videos", adminOnly: true },
  { href: "/admin/jobs", label: "Jobs", adminOnly: true },
  { href: "/admin/runners", label: "Runners", adminOnly: true },
  { href: "/admin/analytics", label: "Analytics", adminOnly: true },
  { href: "/admin/settings", label: "Settings", adminOnly: true },
  { href: "/admin/audit", label: "Audit log", adminOnly: true },
] as const;

/**
 * An admin page: the site's Layout, the admin stylesheet, the section tabs
 * the signed-in user may open (the current one marked) and the page's title.
 */
export function AdminShell(
  props: { title: string; active: string; notice?: string; children: ComponentChildren },
) {
  const { user } = useContext(SessionContext);
  const admin = user?.role === "admin";
  return (
    <Layout
      title={`${props.title} · Admin`}
      head={<link rel="stylesheet" href="/static/admin.css" />}
    >
      <div class="admin">
        <nav class="admin-tabs" aria-label="Administration">
          {SECTIONS.filter((s) => admin || !s.adminOnly).map((s) => (
            <a href={s.href} aria-current={s.href === props.active ? "page" : undefined}>
              {s.label}
            </a>
          ))}
        </nav>
        <h1 class="page-title">{props.title}</h1>
        {props.notice && <p class="form-notice" role="status">{props.notice}</p>}
        {props.children}
      </div>
    </Layout>
  );
}
