import { useRef, useState } from "preact/hooks";
import { defineIsland } from "../lib/islands/define.tsx";
import type { Suggestion } from "../lib/shared/search_suggestion.ts";

const LIST_ID = "search-suggestions";
const DEBOUNCE_MS = 150;
const KIND: Record<Suggestion["kind"], string> = { video: "Video", tag: "Tag", creator: "Creator" };

/**
 * The header's search box: a plain GET form to /search (works without
 * JavaScript) that, once hydrated, suggests titles, tags and creators as
 * someone types, following the ARIA combobox pattern (arrows move, Enter
 * opens the highlighted suggestion or searches, Escape closes).
 */
function SearchBox(props: { q?: string }) {
  const [value, setValue] = useState(props.q ?? "");
  const [items, setItems] = useState<Suggestion[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const inflight = useRef<AbortController | undefined>(undefined);

  function load(text: string) {
    clearTimeout(timer.current);
    inflight.current?.abort();
    if (text.trim().length < 2) {
      setItems([]);
      setOpen(false);
      return;
    }
    timer.current = setTimeout(async () => {
      const ctrl = new AbortController();
      inflight.current = ctrl;
      try {
        const res = await fetch(`/api/v1/search/suggest?q=${encodeURIComponent(text)}`, {
          signal: ctrl.signal,
          headers: { accept: "application/json" },
        });
        if (!res.ok) return;
        const { suggestions } = await res.json() as { suggestions: Suggestion[] };
        setItems(suggestions);
        setActive(-1);
        setOpen(suggestions.length > 0);
      } catch {
        // Aborted by a newer keystroke, or offline: the form still works.
      }
    }, DEBOUNCE_MS);
  }

  function onKeyDown(e: KeyboardEvent) {
    const n = items.length;
    if (e.key === "ArrowDown" && n) {
      e.preventDefault();
      setOpen(true);
      setActive((a) => (a + 1) % n);
    } else if (e.key === "ArrowUp" && n) {
      e.preventDefault();
      setOpen(true);
      setActive((a) => (a <= 0 ? n - 1 : a - 1));
    } else if (e.key === "Enter" && open && active >= 0 && items[active]) {
      e.preventDefault();
      location.assign(items[active].href);
    } else if (e.key === "Escape") {
      if (open) {
        e.preventDefault();
        setOpen(false);
        setActive(-1);
      } else setValue("");
    }
  }

  const expanded = open && items.length > 0;
  return (
    <form class="search-box" role="search" method="get" action="/search">
      <label class="visually-hidden" for="search-input">Search videos</label>
      <input
        id="search-input"
        type="search"
        name="q"
        value={value}
        maxLength={200}
        placeholder="Search"
        autocomplete="off"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded ? "true" : "false"}
        aria-controls={LIST_ID}
        aria-activedescendant={expanded && active >= 0 ? `${LIST_ID}-${active}` : undefined}
        onInput={(e) => {
          const text = (e.target as HTMLInputElement).value;
          setValue(text);
          load(text);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
        onFocus={() => setOpen(items.length > 0)}
      />
      <button type="submit" class="search-submit" aria-label="Search">
        <svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
          <circle cx="10.5" cy="10.5" r="6.5" fill="none" stroke="currentColor" stroke-width="2" />
          <path
            d="M15.5 15.5 21 21"
            stroke="currentColor"
            stroke-width="2"
            stroke-linecap="round"
          />
        </svg>
      </button>
      <ul
        id={LIST_ID}
        role="listbox"
        aria-label="Suggestions"
        class="search-suggestions"
        hidden={!expanded}
      >
        {items.map((s, i) => (
          <li
            id={`${LIST_ID}-${i}`}
            key={s.href}
            role="option"
            aria-selected={i === active ? "true" : "false"}
            class={i === active ? "active" : undefined}
            // mousedown, not click: it comes before the input's blur closes the list.
            onMouseDown={(e) => {
              e.preventDefault();
              location.assign(s.href);
            }}
          >
            <span class="suggestion-text">{s.text}</span>
            <span class="suggestion-kind">{KIND[s.kind]}</span>
          </li>
        ))}
      </ul>
    </form>
  );
}

export default defineIsland("SearchBox", SearchBox);
