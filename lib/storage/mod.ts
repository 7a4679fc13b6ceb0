import type { Config } from "../config.ts";
import { LocalStorage } from "./local.ts";
import { ReceiveSlots } from "./receive_slots.ts";
import { S3Storage } from "./s3.ts";
import type { Storage } from "./types.ts";

export type * from "./types.ts";
export { LocalStorage } from "./local.ts";
export { S3Storage } from "./s3.ts";
export { ReceiveSlots } from "./receive_slots.ts";

/** Opens the configured store: S3 when a bucket is set, else the local directory. */
export async function openStorage(
  config: Pick<Config, "storage" | "publicUrl">,
  options: { secret: string },
): Promise<Storage> {
  const s = config.storage;
  if (s.kind === "s3") return new S3Storage(s);
  const receiving = s.receive && new ReceiveSlots(s.receive.concurrency, {
    waitMs: s.receive.waitS * 1000,
    collectEveryBytes: s.receive.gcMib * 1024 * 1024,
  });
  return await new LocalStorage(s.root, {
    secret: options.secret,
    publicUrl: config.publicUrl,
    receiving,
  }).init();
}
