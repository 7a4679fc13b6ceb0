import { useEffect, useRef, useState } from "preact/hooks";
import { MAX_COMMENT_LENGTH } from "../lib/shared/comments.ts";
import { CSRF_FIELD } from "../lib/shared/cookie_names.ts";

/**
 * A comment text box with its submit and (optional) cancel buttons. With
 * JavaScript it hands the text to `onSubmit` (which throws an Error with the
 * message to show); `action` makes it an ordinary POST form too (the page
 * form for a new comment, which works without JavaScript).
 */
export function CommentForm(props: {
  id: string;
  label: string;
  submitLabel: string;
  initial?: string;
  action?: string;
  csrfToken?: string;
  onSubmit: (body: string) => Promise<void>;
  onCancel?: () => void;
  autoFocus?: boolean;
}) {
  const [body, setBody] = useState(props.initial ?? "");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const box = useRef<HTMLTextAreaElement>(null);
  // The autofocus attribute does nothing on a form opened after the page loaded.
  useEffect(() => {
    if (props.autoFocus) box.current?.focus();
  }, []);

  async function submit(e: Event) {
    e.preventDefault();
    setBusy(true);
    setError("");
    try {
      await props.onSubmit(body);
      setBody("");
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="comment-form" method="post" action={props.action} onSubmit={submit}>
      {props.csrfToken !== undefined && (
        <input type="hidden" name={CSRF_FIELD} value={props.csrfToken} />
      )}
      <label for={props.id} class="visually-hidden">{props.label}</label>
      <textarea
        id={props.id}
        name="body"
        rows={props.initial ? 4 : 2}
        maxLength={MAX_COMMENT_LENGTH}
        placeholder={props.label}
        required
        value={body}
        onInput={(e) => setBody((e.target as HTMLTextAreaElement).value)}
        ref={box}
        aria-describedby={error ? `${props.id}-error` : undefined}
      />
      {error && <p class="form-error" id={`${props.id}-error`} role="alert">{error}</p>}
      <div class="comment-form-actions">
        {props.onCancel && (
          <button type="button" class="button secondary" onClick={props.onCancel}>Cancel</button>
        )}
        <button type="submit" class="button" disabled={busy}>{props.submitLabel}</button>
      </div>
    </form>
  );
}
