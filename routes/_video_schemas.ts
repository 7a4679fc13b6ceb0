import { z } from "zod";
import { isCategorySlug, MAX_CATEGORY_LENGTH } from "../lib/videos/categories.ts";
import { normalizeTags, splitTagField } from "../lib/shared/tags.ts";

// deno-lint-ignore no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u202a-\u202e\u2066-\u2069]/;

/** Text a person typed: no control or bidi-override characters, no lone surrogates. */
export const plain = (s: string) => !CONTROL.test(s) && s.isWellFormed();

/** A title as the API accepts it. */
export const title = z.string().trim().min(1, "Give the video a title.").max(200)
  .refine(plain, "The title contains characters that are not allowed.");
/** A description as the API accepts it (line breaks and tabs allowed). */
export const description = z.string().max(5000)
  .refine(
    (s) => plain(s.replace(/[\n\t\r]/g, "")),
    "The description contains characters that are not allowed.",
  );
// A tag as typed (at most a few words); its canonical form is lib/shared/tags.ts's rule.
const tag = z.string().max(200).refine(plain, "Tags may not contain control characters.");
const tags = z.array(tag).max(100).transform((list, ctx) => {
  const r = normalizeTags(list);
  if (r.ok) return r.tags;
  ctx.addIssue({ code: "custom", message: r.message });
  return z.NEVER;
});
// A category's slug from the list admins manage; lib checks that it exists.
const category = z.string().trim().max(MAX_CATEGORY_LENGTH)
  .transform((s) => s || null)
  .refine((s) => s === null || isCategorySlug(s), "Choose a category from the list.")
  .nullable();
const visibility = z.enum(["public", "unlisted", "private"]);

/** Video metadata as the API accepts it (every field optional: a patch). */
export const videoMetadataSchema = z.object({
  title: title.optional(),
  description: description.optional(),
  tags: tags.optional(),
  category: category.optional(),
  visibility: visibility.optional(),
}).strict();

/** POST /api/v1/uploads. Size limits and types are checked by lib (413 / 400). */
export const createUploadSchema = videoMetadataSchema.extend({
  // The title defaults to the file name, so it obeys the title's rules.
  filename: z.string().trim().min(1).max(255)
    .refine(plain, "The file name contains characters that are not allowed."),
  size: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  mimeType: z.string().trim().toLowerCase().max(100),
});

/** The edit page's form: tags come as one comma-separated field. */
export const videoFormSchema = z.object({
  title,
  description: description.default(""),
  tags: z.string().max(2000).default("").transform(splitTagField).pipe(tags),
  category: category.default(null),
  visibility,
});
