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
    if (existing.length >= 32) return existing;
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
  await Deno.mkdir(options.dataDir, { recursive: true });
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const secret = btoa(String.fromCharCode(...bytes)).replace(/[+/=]/g, "");
  await Deno.writeTextFile(path, secret, { mode: 0o600 });
  return secret;
}
