/** What /admin/settings shows beyond policy and registration: default quotas, blocked words. */
import { listBlockedWords } from "../comments/blocked_words.ts";
import type { UploadQuotas } from "../config.ts";
import type { Sql } from "../db/mod.ts";
import { type QuotaPair, readQuotaDefaults } from "./quotas_admin.ts";

/** The settings page's extra forms' data. */
export interface SettingsExtras {
  /** The defaults admins set (null = the configured one). */
  quotas: QuotaPair;
  /** VIDEO_QUOTA_BYTES / VIDEO_QUOTA_DAILY_BYTES. */
  configured: { videoQuota: number; videoQuotaDaily: number };
  blockedWords: string[];
}

/** Reads them (two primary-key/bounded reads). */
export async function readSettingsExtras(
  sql: Sql,
  configured: UploadQuotas,
): Promise<SettingsExtras> {
  const [quotas, blockedWords] = await Promise.all([
    readQuotaDefaults(sql),
    listBlockedWords(sql),
  ]);
  return { quotas, configured, blockedWords };
}
