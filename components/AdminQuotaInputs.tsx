import { type QuotaPair, quotaText } from "../lib/moderation/quotas_admin.ts";
import { formatBytes } from "../lib/uploads/plan.ts";

/** Bytes in words; -1 is "unlimited". */
export function quotaWords(n: number): string {
  return n < 0 ? "unlimited" : formatBytes(n);
}

/**
 * A quota as a form shows it: empty = the default, "unlimited", a size in
 * words when it reads back exactly, otherwise the bytes (so saving the form
 * unchanged never rounds a quota).
 */
export function quotaValue(n: number | null): string {
  if (n === null) return "";
  if (n < 0) return "unlimited";
  const words = formatBytes(n).replace("bytes", "B");
  return quotaText.safeParse(words).data === n ? words : String(n);
}

/**
 * The two quota fields (storage, daily) of the account page's and the
 * settings page's forms; `placeholders` say what an empty field means.
 */
export function AdminQuotaInputs(
  props: { values: QuotaPair; placeholders: { videoQuota: string; videoQuotaDaily: string } },
) {
  const fields = [
    ["videoQuota", "Storage quota"],
    ["videoQuotaDaily", "Daily upload quota"],
  ] as const;
  return (
    <>
      {fields.map(([name, label]) => (
        <label key={name}>
          {label}
          <input
            type="text"
            name={name}
            value={quotaValue(props.values[name])}
            placeholder={props.placeholders[name]}
            maxLength={40}
          />
        </label>
      ))}
    </>
  );
}
