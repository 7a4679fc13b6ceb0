/**
 * `deno task admin:create --email a@b.c [--name "Ada"]`: creates an admin
 * account, or promotes an existing one. The password comes from
 * ADMIN_PASSWORD, or is asked for on the terminal. Uses the same
 * configuration as the web tier (with the embedded database, stop the web
 * tier first: it is one process's database).
 */
import { parseArgs } from "node:util";
import { z } from "zod";
import { configFromEnv } from "../lib/config.ts";
import { ensureAdmin } from "../lib/auth/admin.ts";
import { ValidationError } from "../lib/errors.ts";
import { openServices } from "../lib/services.ts";

const { values } = parseArgs({
  args: Deno.args,
  options: { email: { type: "string" }, name: { type: "string" } },
});
const config = configFromEnv();
const email = values.email ?? prompt("Admin email:") ?? "";
const parsed = z.email().safeParse(email.trim().toLowerCase());
if (!parsed.success) {
  console.error("Give a valid email: deno task admin:create --email you@example.com");
  Deno.exit(1);
}
const services = await openServices(config);
try {
  const result = await ensureAdmin(services.db.sql, {
    email: parsed.data,
    displayName: values.name,
    password: () => Deno.env.get("ADMIN_PASSWORD") ?? prompt("Password for the new admin:") ?? "",
  });
  console.log(
    result === "created" ? `Created admin ${parsed.data}.` : `${parsed.data} is now an admin.`,
  );
} catch (err) {
  if (!(err instanceof ValidationError)) throw err;
  const fields = (err.details as { fields?: { message: string }[] })?.fields ?? [];
  console.error([err.message, ...fields.map((f) => f.message)].join(" "));
  Deno.exitCode = 1;
} finally {
  await services.close();
}
