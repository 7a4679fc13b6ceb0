import type { ComponentChildren } from "preact";
import { BaseHead } from "./BaseHead.tsx";
import { useContext } from "preact/hooks";
import SearchBox from "../islands/SearchBox.tsx";
import ThemeToggle from "../islands/ThemeToggle.tsx";
import NotificationBell from "../islands/NotificationBell.tsx";
import type { SessionUser } from "../lib/auth/mod.ts";
import { CsrfField } from "./CsrfField.tsx";
import { SessionContext } from "./session.ts";

// Applies a stored theme before first paint so that dark mode does not flash.
const THEME_BOOT =
  `try{var t=localStorage.getItem("vf-theme");if(t==="dark"||t==="light")document.documentElement.dataset.theme=t}catch(e){}`;

/**
 * Every inline script the pages carry, verbatim: the Content-Security-Policy
 * allows exactly these by hash (middleware/security_headers.ts), so a new one
 * must be added here or browsers will not run it.
 */
export const INLINE_SCRIPTS = [THEME_BOOT];

/**
 * The page shell: head, header with navigation (showing who is signed in),
 * main content, footer. `user` defaults to the request's, which page() provides.
 */
export function Layout(
  props: {
    title?: string;
    description?: string;
    user?: SessionUser;
    /** The search box's text (the results page shows its query there). */
    q?: string;
    /** Extra tags for <head> (Open Graph, Twitter cards). */
    head?: ComponentChildren;
    children: ComponentChildren;
  },
) {
  const session = useContext(SessionContext);
  const user = props.user ?? session.user;
  const title = props.title ? `${props.title} · VideoFlow` : "VideoFlow";
  return (
    <html lang="en">
      <head>
        <BaseHead title={title} />
        <meta name="color-scheme" content="light dark" />
        {props.description && <meta name="description" content={props.description} />}
        <link rel="alternate" type="application/rss+xml" title="VideoFlow" href="/feed.xml" />
        <link
          rel="alternate"
          type="application/atom+xml"
          title="VideoFlow (Atom)"
          href="/feed.atom"
        />
        {session.csrfToken && <meta name="csrf-token" content={session.csrfToken} />}
        {props.head}
        <script dangerouslySetInnerHTML={{ __html: THEME_BOOT }} />
      </head>
      <body>
        <header class="site-header">
          <a class="brand" href="/">
            <span class="brand-mark" aria-hidden="true">▶</span> VideoFlow
          </a>
          <SearchBox q={props.q ?? ""} />
          <nav class="site-nav" aria-label="Main">
            {user
              ? (
                <>
                  <a href="/feed">Following</a>
                  {user.role !== "viewer" && <a href="/upload">Upload</a>}
                  <NotificationBell />
                  {/* A disclosure, so the menu opens with a keyboard and without JavaScript. */}
                  <details class="account-menu">
                    <summary class="nav-user" title={user.email}>{user.displayName}</summary>
                    <nav class="menu-panel" aria-label="Account">
                      {["moderator", "admin"].includes(user.role) && <a href="/admin">Admin</a>}
                      <a href={`/u/${user.id}`}>Your channel</a>
                      {user.role !== "viewer" && <a href="/studio">My videos</a>}
                      <a href="/playlists">Playlists</a>
                      <a href="/history">History</a>
                      <a href="/focus">Focus history</a>
                      <a href="/notifications">Notifications</a>
                      <a href="/liked">Liked videos</a>
                      <a href="/profile">Profile</a>
                      <a href="/settings">Settings</a>
                      <form method="post" action="/signout">
                        <CsrfField />
                        <button type="submit" class="link-button">Sign out</button>
                      </form>
                    </nav>
                  </details>
                </>
              )
              : (
                <>
                  <a href="/upload">Upload</a>
                  <a href="/signin">Sign in</a>
                  <a class="button" href="/signup">Sign up</a>
                </>
              )}
            <ThemeToggle />
          </nav>
        </header>
        <main class="site-main">{props.children}</main>
        <footer class="site-footer">
          <p>VideoFlow: self-hosted video, from upload to adaptive streaming.</p>
        </footer>
      </body>
    </html>
  );
}
