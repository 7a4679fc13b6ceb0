/** The moderation inputs, one zod declaration each, shared by the JSON API and the admin forms. */
import { z } from "zod";
import { ROLES } from "../auth/types.ts";
import { AUDIT_ACTIONS } from "./audit.ts";
import { REPORT_ACTIONS, REPORT_REASONS, REPORT_TARGETS } from "./reports.ts";
import { MODERATION_POLICIES, REGISTRATION_MODES } from "./settings.ts";

/** Form checkboxes arrive as "on"/"true"/"1"; JSON as booleans. */
const flag = z.union([z.boolean(), z.enum(["on", "true", "1", "false", "0", ""])])
  .transform((v) => v === true || v === "on" || v === "true" || v === "1");

/** POST /api/v1/admin/videos/:id/reject and the queue's reject form. */
export const rejectSchema = z.object({
  reason: z.string().trim().min(1, "Say why, for the creator.").max(1000),
  deleteFiles: flag.optional().default(false),
});

/** PATCH /api/v1/admin/settings and /admin/settings. */
export const settingsSchema = z.object({
  moderation: z.enum(MODERATION_POLICIES).optional(),
  registration: z.enum(REGISTRATION_MODES).optional(),
}).refine((s) => s.moderation !== undefined || s.registration !== undefined, {
  message: "Give moderation and/or registration.",
});

/** The trusted flag of a user. */
export const trustedSchema = z.object({ trusted: flag });

/** A role change from the admin users page. */
export const roleFormSchema = z.object({ role: z.enum(ROLES) });

const DAY_MS = 86_400_000;
const banReason = z.string().trim().min(1, "Say why, for the user.").max(500);
/** A ban's end: in the future and at most ten years away (longer is "until lifted"). */
const banEnd = z.date().refine(
  (d) => d.getTime() > Date.now() && d.getTime() <= Date.now() + 3650 * DAY_MS,
  "A ban ends in the future, at most ten years away.",
);

/** A ban from the admin users page: a reason and how many days ("" = until lifted). */
export const banFormSchema = z.object({
  reason: banReason,
  days: z.string().regex(/^(\d{1,4})?$/, "Choose how long.").optional().transform((d) =>
    d ? new Date(Date.now() + Number(d) * DAY_MS) : undefined
  ).pipe(banEnd.optional()),
}).transform(({ reason, days }) => ({ reason, until: days }));

/** PUT /api/v1/users/:id/ban: a reason and an optional end (ISO 8601 with an offset). */
export const banApiSchema = z.object({
  reason: banReason,
  until: z.iso.datetime({ offset: true }).transform((s) => new Date(s)).pipe(banEnd).optional(),
}).strict();

/** A warning (the users page, the reports page): what the user is told. */
export const warnFormSchema = z.object({ reason: banReason });

/** /admin/audit and its CSV: free text, an action, the page cursor. */
export const auditQuerySchema = z.object({
  q: z.string().trim().max(200).optional().transform((v) => v || undefined),
  action: z.enum(AUDIT_ACTIONS).optional().or(z.literal("").transform(() => undefined)),
  before: z.string().regex(/^[1-9]\d{0,15}$/).optional(),
});

/** POST /api/v1/reports: what, why (from the list), and up to 1000 characters of detail. */
export const reportSchema = z.object({
  targetKind: z.enum(REPORT_TARGETS),
  targetId: z.uuid("Not an id."),
  reason: z.enum(REPORT_REASONS),
  details: z.string().trim().max(1000).default(""),
});

/** A moderator's action on a group of reports (/admin/reports). */
export const reportActionSchema = z.object({
  targetKind: z.enum(REPORT_TARGETS),
  targetId: z.uuid(),
  action: z.enum(REPORT_ACTIONS),
  /** `warn`: what the user is told (a default sentence when empty). */
  reason: z.string().trim().max(500).optional(),
});
