/**
 * `deno task test`: installs or names the missing system packages, starts a
 * real PostgreSQL and an S3-protocol server on loopback, runs every test with
 * `deno test` (test files in parallel: each test has its own database, store,
 * KV file and ports), prints the slowest files, and tears the servers down.
 * Extra arguments go to `deno test`; TEST_SERIAL=1 runs one file at a time.
 */
import { startPostgres } from "../tests/_harness/postgres.ts";
import { startS3 } from "../tests/_harness/s3.ts";
import { slowestFiles } from "./_junit.ts";
import { ensureSystemPackages } from "./_system.ts";

await ensureSystemPackages();
const [pg, s3] = await Promise.all([startPostgres(), startS3()]);
const junit = await Deno.makeTempFile({ prefix: "vf-junit-", suffix: ".xml" });
const parallel = Deno.env.get("TEST_SERIAL") === "1" ? [] : ["--parallel"];
let code = 1;
try {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["test", "-A", "--no-check=remote", ...parallel, `--junit-path=${junit}`, ...Deno.args],
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
  const slow = slowestFiles(await Deno.readTextFile(junit).catch(() => ""), { count: 8 });
  if (slow.length) {
    console.log("\nslowest test files (seconds, summed over their tests):");
    for (const f of slow) console.log(`  ${f.seconds.toFixed(1).padStart(6)}  ${f.file}`);
  }
} finally {
  await Promise.all([pg.stop(), s3.stop(), Deno.remove(junit).catch(() => {})]);
}
Deno.exit(code);
