import type { ComponentChildren } from "preact";
import { CsrfField } from "./CsrfField.tsx";

/** Field-level messages keyed by field name, as ValidationError details carry them. */
export type FieldErrors = Record<string, string>;

/** A POST form with its CSRF field, an optional form-wide error and a notice. */
export function Form(props: {
  action: string;
  error?: string;
  notice?: string;
  multipart?: boolean;
  children: ComponentChildren;
}) {
  return (
    <form
      method="post"
      action={props.action}
      enctype={props.multipart ? "multipart/form-data" : undefined}
      novalidate
    >
      <CsrfField />
      {props.error && <p class="form-error" role="alert">{props.error}</p>}
      {props.notice && <p class="form-notice" role="status">{props.notice}</p>}
      {props.children}
    </form>
  );
}

/** A labelled input (or textarea) with its error message. */
export function Field(props: {
  name: string;
  label: string;
  type?: string;
  value?: string;
  errors?: FieldErrors;
  autocomplete?: string;
  multiline?: boolean;
  required?: boolean;
  maxLength?: number;
  accept?: string;
  inputMode?: "numeric" | "text";
}) {
  const id = `f-${props.name}`;
  const error = props.errors?.[props.name];
  const common = {
    id,
    name: props.name,
    required: props.required,
    maxLength: props.maxLength,
    "aria-invalid": error ? "true" : undefined,
    "aria-describedby": error ? `${id}-error` : undefined,
  } as const;
  return (
    <div class="field">
      <label for={id}>{props.label}</label>
      {props.multiline ? <textarea {...common} rows={5}>{props.value ?? ""}</textarea> : (
        <input
          {...common}
          type={props.type ?? "text"}
          value={props.type === "password" || props.type === "file" ? undefined : props.value}
          autocomplete={props.autocomplete}
          accept={props.accept}
          inputMode={props.inputMode}
        />
      )}
      {error && <p class="field-error" id={`${id}-error`}>{error}</p>}
    </div>
  );
}

/** Turns ValidationError details into a field → message map (first message per field). */
export function fieldErrors(details: unknown): FieldErrors {
  const out: FieldErrors = {};
  const fields = (details as { fields?: { field: string; message: string }[] } | undefined)?.fields;
  for (const f of fields ?? []) out[f.field] ??= f.message;
  return out;
}
