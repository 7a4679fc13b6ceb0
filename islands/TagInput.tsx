import { useEffect, useState } from "preact/hooks";
import { defineIsland } from "../lib/islands/define.tsx";
import { MAX_TAGS, normalizeTag } from "../lib/shared/tags.ts";

interface Props {
  /** The form field's name; the value posted is the tags joined by ", ". */
  name: string;
  /** Canonical tags already on the video. */
  initial: string[];
  /** A message from the server about this field. */
  error?: string;
}

/**
 * Tags as chips: Enter or comma adds what was typed (in its canonical form,
 * lib/shared/tags.ts), Backspace in the empty box removes the last chip, each
 * chip has a labelled remove button. The server renders the plain
 * comma-separated field, which is what a browser without JavaScript posts;
 * once hydrated, a hidden field carries the same comma-separated value.
 */
function TagInput(props: Props) {
  const [enhanced, setEnhanced] = useState(false);
  const [tags, setTags] = useState<string[]>(props.initial);
  const [draft, setDraft] = useState("");
  const [message, setMessage] = useState("");
  useEffect(() => setEnhanced(true), []);
  const id = `f-${props.name}`;
  const help = `${id}-help`;
  const errorId = `${id}-error`;
  const described = [help, props.error ? errorId : ""].filter(Boolean).join(" ");

  function add(raw: string): boolean {
    if (!raw.trim()) return true;
    const tag = normalizeTag(raw);
    if (!tag) {
      setMessage(`"${raw.trim()}" is not a usable tag: use letters or numbers.`);
      return false;
    }
    if (tags.includes(tag)) setMessage(`#${tag} is already there.`);
    else if (tags.length >= MAX_TAGS) {
      setMessage(`At most ${MAX_TAGS} tags.`);
      return false;
    } else {
      setTags([...tags, tag]);
      setMessage(`Added #${tag}.`);
    }
    setDraft("");
    return true;
  }

  function remove(tag: string) {
    setTags(tags.filter((t) => t !== tag));
    setMessage(`Removed #${tag}.`);
  }

  function onKeyDown(e: KeyboardEvent) {
    if (e.key === "Enter" || e.key === ",") {
      e.preventDefault();
      add(draft);
    } else if (e.key === "Backspace" && draft === "" && tags.length > 0) {
      e.preventDefault();
      remove(tags[tags.length - 1]);
    }
  }

  function onInput(e: Event) {
    const value = (e.currentTarget as HTMLInputElement).value;
    // A pasted "a, b, c" becomes chips at once; the text after the last comma stays.
    const parts = value.split(",");
    if (parts.length > 1) {
      for (const p of parts.slice(0, -1)) add(p);
      setDraft(parts[parts.length - 1]);
    } else setDraft(value);
  }

  const label = <label for={id}>Tags (up to {MAX_TAGS})</label>;
  const error = props.error && <p class="field-error" id={errorId}>{props.error}</p>;
  if (!enhanced) {
    return (
      <div class="field">
        {label}
        <input
          id={id}
          name={props.name}
          value={tags.join(", ")}
          maxLength={2000}
          aria-describedby={described}
          aria-invalid={props.error ? "true" : undefined}
        />
        <p class="field-hint" id={help}>Separate tags with commas.</p>
        {error}
      </div>
    );
  }
  return (
    <div class="field tag-input">
      {label}
      <div class="tag-input-box">
        <ul class="tag-chips" aria-label="Tags on this video">
          {tags.map((t) => (
            <li key={t} class="tag-chip">
              <span>#{t}</span>
              <button type="button" aria-label={`Remove tag ${t}`} onClick={() => remove(t)}>
                ×
              </button>
            </li>
          ))}
        </ul>
        <input
          id={id}
          value={draft}
          onInput={onInput}
          onKeyDown={onKeyDown}
          onBlur={() => add(draft)}
          maxLength={200}
          autocomplete="off"
          placeholder={tags.length >= MAX_TAGS ? "" : "Add a tag"}
          aria-describedby={described}
          aria-invalid={props.error ? "true" : undefined}
        />
      </div>
      <input type="hidden" name={props.name} value={tags.join(", ")} />
      <p class="field-hint" id={help}>
        Press Enter or comma to add a tag, Backspace to remove the last one.
      </p>
      <p class="visually-hidden" role="status" aria-live="polite">{message}</p>
      {error}
    </div>
  );
}

export default defineIsland("TagInput", TagInput);
