import type { FieldErrors } from "./Form.tsx";

/**
 * A labelled, required input of the edit page's media forms (several forms
 * on one page, hence ids of their own), with its hint and its error.
 */
export function MediaField(
  props: {
    id: string;
    name: string;
    label: string;
    errors?: FieldErrors;
    value?: string;
    type?: "text" | "file";
    accept?: string;
    maxLength?: number;
    placeholder?: string;
    hint?: string;
  },
) {
  const error = props.errors?.[props.name];
  const describedBy = error ? `${props.id}-error` : props.hint ? `${props.id}-hint` : undefined;
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <input
        id={props.id}
        name={props.name}
        type={props.type ?? "text"}
        required
        accept={props.accept}
        maxLength={props.maxLength}
        placeholder={props.placeholder}
        value={props.type === "file" ? undefined : props.value}
        aria-invalid={error ? "true" : undefined}
        aria-describedby={describedBy}
      />
      {props.hint && <p class="muted" id={`${props.id}-hint`}>{props.hint}</p>}
      {error && <p class="field-error" id={`${props.id}-error`}>{error}</p>}
    </div>
  );
}
