import { useEffect, useRef, useState } from "preact/hooks";
import type { CaptionMenu } from "./_player_captions.ts";

/**
 * The player's CC button and its menu: Off and each caption track, the
 * current one marked (aria-checked); arrow keys move between them. Escape or a
 * choice closes it and returns focus to the button.
 */
export function CaptionsMenu(props: { menu: CaptionMenu }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const list = useRef<HTMLDivElement>(null);
  const { menu } = props;

  useEffect(() => {
    if (!open) return;
    list.current?.querySelector<HTMLButtonElement>("[aria-checked=true]")?.focus();
    const away = (e: PointerEvent) => {
      const t = e.target as Node;
      if (!list.current?.contains(t) && !button.current?.contains(t)) setOpen(false);
    };
    document.addEventListener("pointerdown", away);
    return () => document.removeEventListener("pointerdown", away);
  }, [open]);

  function pick(lang: string | null) {
    menu.choose(lang);
    setOpen(false);
    button.current?.focus();
  }

  const items: { lang: string | null; label: string }[] = [
    { lang: null, label: "Off" },
    ...menu.tracks,
  ];
  return (
    <span class="player-cc">
      <button
        ref={button}
        type="button"
        aria-label="Captions"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls="player-cc-menu"
        aria-pressed={menu.current !== null}
        onClick={() => setOpen(!open)}
      >
        CC
      </button>
      {open && (
        <div
          ref={list}
          id="player-cc-menu"
          class="player-cc-menu"
          role="menu"
          aria-label="Captions"
          onKeyDown={(e) => {
            // Keys stay here: the player's shortcuts must not act while the menu is open.
            e.stopPropagation();
            if (e.key === "Escape") {
              setOpen(false);
              button.current?.focus();
            } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
              e.preventDefault();
              const all = Array.from(list.current!.querySelectorAll("button"));
              const i = all.indexOf(document.activeElement as HTMLButtonElement);
              all[(i + (e.key === "ArrowDown" ? 1 : all.length - 1)) % all.length]?.focus();
            }
          }}
        >
          {items.map((t) => (
            <button
              key={t.lang ?? "off"}
              type="button"
              role="menuitemradio"
              aria-checked={menu.current === t.lang}
              lang={t.lang ?? undefined}
              onClick={() => pick(t.lang)}
            >
              {t.label}
            </button>
          ))}
        </div>
      )}
    </span>
  );
}
