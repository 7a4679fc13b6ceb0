import { useEffect, useRef, useState } from "preact/hooks";
import { defineIsland } from "../lib/islands/define.tsx";
import { csrfHeaders } from "./_csrf.ts";

/** What the watch page hands the Save button. */
export interface SaveToPlaylistProps {
  videoId: string;
}

type Mine = { id: string; title: string; kind: string; visibility: string; contains: boolean };

async function api(path: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(path, {
    ...init,
    headers: { "Content-Type": "application/json", ...csrfHeaders(), ...init.headers },
  });
  if (!res.ok) {
    const body = await res.json().catch(() => undefined);
    throw new Error(body?.error?.message ?? `Failed (${res.status}).`);
  }
  return res;
}

/**
 * The watch page's Save button: a disclosure (aria-expanded) opening a panel
 * of the viewer's playlists as checkboxes (checked: the video is in it;
 * toggling adds or removes it) and a "New playlist" form that creates one
 * holding the video. Escape or a click outside closes it and focus goes back
 * to the button; every change is announced in a polite live region.
 */
function SaveToPlaylist(props: SaveToPlaylistProps) {
  const [open, setOpen] = useState(false);
  const [lists, setLists] = useState<Mine[] | undefined>(undefined);
  const [status, setStatus] = useState("");
  const [creating, setCreating] = useState(false);
  const [title, setTitle] = useState("");
  const [visibility, setVisibility] = useState("private");
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);

  async function load() {
    try {
      const res = await api(`/api/v1/users/me/playlists?contains=${props.videoId}`);
      setLists((await res.json()).playlists);
    } catch (err) {
      setStatus((err as Error).message);
    }
  }

  function close(focusButton = true) {
    setOpen(false);
    setCreating(false);
    if (focusButton) button.current?.focus();
  }

  useEffect(() => {
    if (!open) return;
    // The path as dispatched: a button the click itself replaced (New playlist) is still inside.
    const outside = (e: MouseEvent) => {
      const path = e.composedPath();
      if (!path.includes(panel.current!) && !path.includes(button.current!)) close(false);
    };
    document.addEventListener("click", outside);
    return () => document.removeEventListener("click", outside);
  }, [open]);

  useEffect(() => {
    if (open && lists) panel.current?.querySelector<HTMLElement>("input, button")?.focus();
  }, [open, lists === undefined]);

  async function toggle(list: Mine, on: boolean) {
    setLists((ls) => ls?.map((l) => l.id === list.id ? { ...l, contains: on } : l));
    try {
      if (on) {
        await api(`/api/v1/playlists/${list.id}/items`, {
          method: "POST",
          body: JSON.stringify({ videoId: props.videoId }),
        });
      } else {
        await api(`/api/v1/playlists/${list.id}/items/${props.videoId}`, { method: "DELETE" });
      }
      setStatus(on ? `Saved to ${list.title}.` : `Removed from ${list.title}.`);
    } catch (err) {
      setLists((ls) => ls?.map((l) => l.id === list.id ? { ...l, contains: !on } : l));
      setStatus((err as Error).message);
    }
  }

  async function create(e: Event) {
    e.preventDefault();
    try {
      const res = await api("/api/v1/playlists", {
        method: "POST",
        body: JSON.stringify({ title, visibility }),
      });
      const { playlist } = await res.json();
      await api(`/api/v1/playlists/${playlist.id}/items`, {
        method: "POST",
        body: JSON.stringify({ videoId: props.videoId }),
      });
      setLists((ls) => [...(ls ?? []), { ...playlist, contains: true }]);
      setStatus(`Created ${playlist.title} and saved the video to it.`);
      setTitle("");
      setCreating(false);
    } catch (err) {
      setStatus((err as Error).message);
    }
  }

  return (
    <div
      class="save-menu"
      onKeyDown={(e) => {
        if (e.key === "Escape" && open) {
          e.preventDefault();
          close();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        class="button secondary"
        aria-expanded={open}
        aria-controls="save-menu-panel"
        onClick={() => {
          if (open) return close();
          setOpen(true);
          setStatus("");
          void load();
        }}
      >
        Save
      </button>
      <div
        ref={panel}
        id="save-menu-panel"
        class="save-menu-panel"
        role="group"
        aria-labelledby="save-menu-title"
        hidden={!open}
      >
        <h2 id="save-menu-title" class="save-menu-title">Save to…</h2>
        {lists === undefined ? <p class="muted">Loading…</p> : (
          <ul class="save-menu-list">
            {lists.map((l) => (
              <li key={l.id}>
                <label>
                  <input
                    type="checkbox"
                    checked={l.contains}
                    onChange={(e) => toggle(l, (e.target as HTMLInputElement).checked)}
                  />{" "}
                  {l.title}
                  <span class="muted save-menu-privacy">{l.visibility}</span>
                </label>
              </li>
            ))}
          </ul>
        )}
        {creating
          ? (
            <form class="save-menu-new" onSubmit={create}>
              <label for="save-menu-new-title">Name</label>
              <input
                id="save-menu-new-title"
                required
                maxLength={150}
                value={title}
                onInput={(e) => setTitle((e.target as HTMLInputElement).value)}
              />
              <label for="save-menu-new-privacy">Who can see it</label>
              <select
                id="save-menu-new-privacy"
                value={visibility}
                onChange={(e) => setVisibility((e.target as HTMLSelectElement).value)}
              >
                <option value="private">Private</option>
                <option value="unlisted">Unlisted</option>
                <option value="public">Public</option>
              </select>
              <button type="submit" class="button">Create</button>
            </form>
          )
          : (
            <button
              type="button"
              class="button secondary"
              onClick={() => {
                setCreating(true);
                setTimeout(() => document.getElementById("save-menu-new-title")?.focus());
              }}
            >
              New playlist
            </button>
          )}
      </div>
      <p class="save-menu-status" role="status" aria-live="polite">{status}</p>
    </div>
  );
}

export default defineIsland("SaveToPlaylist", SaveToPlaylist);
