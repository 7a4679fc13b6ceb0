/**
 * `deno task test`: installs or names the missing system packages, starts a
 * real PostgreSQL and an S3-protocol server on loopback, runs every test with
 * `deno test`, and tears the servers down. Extra arguments go to `deno test`.
 */
import { startPostgres } from "../tests/_harness/postgres.ts";
import { startS3 } from "../tests/_harness/s3.ts";
import { ensureSystemPackages } from "./_system.ts";

await ensureSystemPackages();
const [pg, s3] = await Promise.all([startPostgres(), startS3()]);
let code = 1;
try {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["test", "-A", "--no-check=remote", ...Deno.args],
    env: {
      TEST_DATABASE_URL: pg.url,
      TEST_S3_ENDPOINT: s3.endpoint,
      // Test clips and processes are small; keep the logs of the servers under test quiet.
      LOG_LEVEL: Deno.env.get("LOG_LEVEL") ?? "warn",
    },
    stdin: "null",
  }).spawn();
  const stop = () => child.kill("SIGTERM");
  Deno.addSignalListener("SIGINT", stop);
  Deno.addSignalListener("SIGTERM", stop);
  code = (await child.status).code;
} finally {
  await Promise.all([pg.stop(), s3.stop()]);
}
Deno.exit(code);
