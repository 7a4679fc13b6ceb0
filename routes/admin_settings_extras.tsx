import { Hono } from "hono";
import { z } from "zod";
import type { Sql } from "../lib/db/mod.ts";
import { NotFoundError, ValidationError } from "../lib/errors.ts";
import {
  addBlockedWords,
  blockedEntries,
  removeBlockedWord,
} from "../lib/moderation/blocked_words_admin.ts";
import { changeQuotaDefaults, quotaFormSchema } from "../lib/moderation/quotas_admin.ts";
import { requireRole, requireUser } from "../middleware/auth.ts";
import { auditActor } from "./_audit_actor.ts";
import { formText } from "./_form.ts";
import { validate } from "./_validate.ts";

const addSchema = z.object({ words: z.string().max(20_000) });
const removeSchema = z.object({ word: z.string().trim().min(1).max(100) });

/**
 * POST /admin/settings/quotas (the default upload quotas) and
 * /admin/settings/blocked-words[/remove] (admins), each audited by lib/moderation.
 */
export function adminSettingsExtraRoutes(deps: { sql: Sql; trustProxy: boolean }): Hono {
  const guard = [requireUser({ signInPage: true }), requireRole("admin")];
  return new Hono()
    .use("/admin/settings/*", ...guard)
    .post("/admin/settings/quotas", async (c) => {
      const quotas = validate(quotaFormSchema, await formText(c));
      await changeQuotaDefaults(deps.sql, quotas, { actor: auditActor(c, deps) });
      return c.redirect("/admin/settings?saved=1", 303);
    })
    .post("/admin/settings/blocked-words", async (c) => {
      const words = blockedEntries(validate(addSchema, await formText(c)).words);
      if (words.length === 0 || words.some((w) => w.length > 100)) {
        throw new ValidationError("Give words or phrases of at most 100 characters.", {
          details: { fields: [{ field: "words", message: "At most 100 characters each." }] },
        });
      }
      await addBlockedWords(deps.sql, words, { actor: auditActor(c, deps) });
      return c.redirect("/admin/settings?saved=1#blocked-h", 303);
    })
    .post("/admin/settings/blocked-words/remove", async (c) => {
      const { word } = validate(removeSchema, await formText(c));
      if (!await removeBlockedWord(deps.sql, word, { actor: auditActor(c, deps) })) {
        throw new NotFoundError("That word is not on the list.");
      }
      return c.redirect("/admin/settings?saved=1#blocked-h", 303);
    });
}
