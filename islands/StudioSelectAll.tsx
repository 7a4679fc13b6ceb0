import { useEffect, useState } from "preact/hooks";
import { defineIsland } from "../lib/islands/define.tsx";

/**
 * "Select all" for the studio's bulk form and a count of what is selected.
 * The row checkboxes belong to the form `formId` (its `form` attribute); the
 * form works without this, which only appears once JavaScript runs.
 */
function StudioSelectAll(props: { formId: string }) {
  const [ready, setReady] = useState(false);
  const [count, setCount] = useState(0);
  const [total, setTotal] = useState(0);
  const boxes = () => [...document.querySelectorAll<HTMLInputElement>(
    `input[type=checkbox][name=ids][form="${props.formId}"]`,
  )];
  useEffect(() => {
    setReady(true);
    const update = () => {
      const all = boxes();
      setTotal(all.length);
      setCount(all.filter((b) => b.checked).length);
    };
    update();
    document.addEventListener("change", update);
    return () => document.removeEventListener("change", update);
  }, []);
  if (!ready) return null;
  return (
    <label class="checkbox studio-select-all">
      <input
        type="checkbox"
        checked={total > 0 && count === total}
        indeterminate={count > 0 && count < total}
        onChange={(e) => {
          const on = (e.target as HTMLInputElement).checked;
          for (const b of boxes()) b.checked = on;
          setCount(on ? total : 0);
        }}
      />
      {count ? `${count} selected` : "Select all"}
    </label>
  );
}

export default defineIsland("StudioSelectAll", StudioSelectAll);
