import { ValidationError } from "../errors.ts";

/** Longest caption label, in characters. */
export const MAX_LABEL_CHARS = 80;

function fieldError(field: string, message: string): ValidationError {
  return new ValidationError(message, { details: { fields: [{ field, message }] } });
}

/**
 * A caption language as a BCP 47 tag in canonical form ("en-us" → "en-US"),
 * or a ValidationError. Only letters, digits and hyphens, so it is safe in a
 * storage key, a URL path and a playlist attribute.
 */
export function captionLanguage(tag: string): string {
  const t = tag.trim();
  const message = `"${t.slice(0, 40)}" is not a language tag such as en, pt-BR or zh-Hant.`;
  if (!/^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$/.test(t) || t.length > 35) {
    throw fieldError("lang", message);
  }
  try {
    const [canonical] = Intl.getCanonicalLocales(t);
    if (!canonical || !/^[A-Za-z0-9-]+$/.test(canonical)) throw new RangeError();
    return canonical;
  } catch {
    throw fieldError("lang", message);
  }
}

/**
 * A caption label as shown in the player's menu: trimmed, 1–80 characters,
 * no control characters and no double quote (it is written into the master
 * playlist as a quoted attribute).
 */
export function captionLabel(label: string): string {
  const l = label.trim();
  if (!l) throw fieldError("label", "Give the track a label, such as English.");
  if (l.length > MAX_LABEL_CHARS) {
    throw fieldError("label", `A label may be at most ${MAX_LABEL_CHARS} characters.`);
  }
  // deno-lint-ignore no-control-regex
  if (/[\x00-\x1f\x7f"]/.test(l)) {
    throw fieldError("label", "A label may not contain double quotes or control characters.");
  }
  return l;
}
