import { Hono } from "hono";
import type { Sql } from "../lib/db/mod.ts";
import type { Storage } from "../lib/storage/mod.ts";

/** GET /healthz (the process is up) and GET /readyz (its backends answer). */
export function healthRoutes(deps: { sql: Sql; storage: Storage; kv: Deno.Kv }): Hono {
  return new Hono()
    .get("/healthz", (c) => c.json({ status: "ok" }))
    .get("/readyz", async (c) => {
      const checks = {
        database: await probe(async () => void await deps.sql`select 1`),
        storage: await probe(() => deps.storage.ping()),
        queue: await probe(async () => void await deps.kv.get(["health"])),
      };
      const ok = Object.values(checks).every((v) => v === "ok");
      return c.json({ status: ok ? "ok" : "unavailable", checks }, ok ? 200 : 503);
    });
}

async function probe(check: () => Promise<void>, timeoutMs = 2000): Promise<string> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) =>
        timer = setTimeout(() => reject(new Error("timed out")), timeoutMs)
      ),
    ]);
    return "ok";
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  } finally {
    clearTimeout(timer);
  }
}
