import type { Services } from "../../lib/services.ts";

/** A tiny stand-in HLS output (two segments) stored for a new video of the given visibility. */
export async function seedVideoWithMedia(
  services: Services,
  options: { visibility: "public" | "unlisted" | "private"; status?: string },
): Promise<{ videoId: string; ownerId: string; segment: Uint8Array }> {
  const sql = services.db.sql;
  const [owner] = await sql<{ id: string }[]>`insert into users (email, password_hash, display_name)
    values (${`o-${crypto.randomUUID()}@example.com`}, 'x', 'Owner') returning id`;
  const [video] = await sql<
    { id: string }[]
  >`insert into videos (owner_id, title, visibility, status)
    values (${owner.id}, 'Clip', ${options.visibility}, ${options.status ?? "ready"}) returning id`;
  const prefix = `media/${video.id}`;
  await sql`update videos set master_key = ${`${prefix}/master.m3u8`}, poster_key = ${`${prefix}/poster.jpg`},
    playable_at = now(), published_at = now() where id = ${video.id}`;
  const segment = Uint8Array.from({ length: 4096 }, (_, i) => i % 256);
  await services.storage.put(
    `${prefix}/master.m3u8`,
    "#EXTM3U\n#EXT-X-VERSION:7\n" +
      '#EXT-X-STREAM-INF:BANDWIDTH=400000,RESOLUTION=426x240,CODECS="avc1.42c015"\n240p/index.m3u8\n',
  );
  await services.storage.put(
    `${prefix}/240p/index.m3u8`,
    "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:4\n#EXT-X-PLAYLIST-TYPE:VOD\n" +
      '#EXT-X-MAP:URI="init.mp4"\n#EXTINF:4.000,\nseg_00000.m4s\n#EXTINF:4.000,\nseg_00001.m4s\n#EXT-X-ENDLIST\n',
  );
  await services.storage.put(`${prefix}/240p/init.mp4`, new Uint8Array(100));
  await services.storage.put(`${prefix}/240p/seg_00000.m4s`, segment);
  await services.storage.put(`${prefix}/240p/seg_00001.m4s`, segment);
  await services.storage.put(`${prefix}/poster.jpg`, new Uint8Array([0xff, 0xd8, 0xff]));
  return { videoId: video.id, ownerId: owner.id, segment };
}
