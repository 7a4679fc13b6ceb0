import { useEffect, useState } from "preact/hooks";
import { defineIsland } from "../lib/islands/define.tsx";

type Theme = "system" | "dark" | "light";
const NEXT: Record<Theme, Theme> = { system: "dark", dark: "light", light: "system" };
const LABEL: Record<Theme, string> = { system: "Auto", dark: "Dark", light: "Light" };

function ThemeToggle(_props: Record<string, never>) {
  // The server cannot know the stored choice; the first client render picks it up.
  const [theme, setTheme] = useState<Theme>("system");
  useEffect(() => {
    const saved = localStorage.getItem("vf-theme");
    if (saved === "dark" || saved === "light") setTheme(saved);
  }, []);

  function cycle() {
    const next = NEXT[theme];
    setTheme(next);
    if (next === "system") {
      localStorage.removeItem("vf-theme");
      delete document.documentElement.dataset.theme;
    } else {
      localStorage.setItem("vf-theme", next);
      document.documentElement.dataset.theme = next;
    }
  }

  return (
    <button
      type="button"
      class="theme-toggle"
      onClick={cycle}
      aria-label={`Theme: ${LABEL[theme]}. Change theme`}
      title="Change theme"
    >
      <span aria-hidden="true">{theme === "dark" ? "☾" : theme === "light" ? "☀" : "◐"}</span>
      <span class="theme-toggle-label">{LABEL[theme]}</span>
    </button>
  );
}

export default defineIsland("ThemeToggle", ThemeToggle);
