import { ensurePrivateDir, makeFilePrivate, PRIVATE_FILE_MODE } from "./private_fs.ts";

/**
 * The HMAC signing secret: SIGNING_SECRET when configured, otherwise one
 * generated on first start and kept in DATA_DIR (mode 0600) so that signed
 * URLs survive restarts. `file` names another secret kept the same way
 * (the access-token key lives in `auth-secret`).
 */
export async function loadSigningSecret(
  configured: string | undefined,
  options: { dataDir: string; file?: string },
): Promise<string> {
  if (configured) return configured;
  const path = `${options.dataDir}/${options.file ?? "signing-secret"}`;
  try {
    const existing = (await Deno.readTextFile(path)).trim();
    if (existing.length >= 32) {
      await makeFilePrivate(path); // written by an older version with the umask's mode
      return existing;
    }
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
  await ensurePrivateDir(options.dataDir);
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const secret = btoa(String.fromCharCode(...bytes)).replace(/[+/=]/g, "");
  await Deno.writeTextFile(path, secret, { mode: PRIVATE_FILE_MODE });
  await makeFilePrivate(path);
  return secret;
}
