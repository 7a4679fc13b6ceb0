import type { Sql } from "../db/mod.ts";
import { LimitError, NotFoundError } from "../errors.ts";
import { log } from "../log.ts";
import { captionPath, captionPlaylistPath, mediaKey } from "../storage/layout.ts";
import type { Storage } from "../storage/types.ts";
import { mediaChanged } from "../videos/media_changes.ts";
import { captionLabel, captionLanguage } from "./fields.ts";
import { decodeCaptionBytes, parseCaptions, toWebVtt } from "./parse.ts";

/** Most caption tracks one video may have. */
export const MAX_TRACKS = 20;

/** One caption track of a video. */
export interface CaptionTrack {
  lang: string;
  label: string;
  version: string;
  cueCount: number;
  byteSize: number;
  updatedAt: Date;
}

/** A video's caption tracks, by language (bounded by MAX_TRACKS). */
export async function listCaptions(sql: Sql, videoId: string): Promise<CaptionTrack[]> {
  return await sql<CaptionTrack[]>`
    select lang, label, version, cue_count as "cueCount", byte_size as "byteSize",
           updated_at as "updatedAt"
    from video_captions where video_id = ${videoId} order by lang limit ${MAX_TRACKS}`;
}

/**
 * The HLS media playlist of one caption file: a single WebVTT segment as long
 * as the video (or its last cue, before the video's length is known).
 */
export function captionPlaylist(durationS: number, vttUri: string): string {
  const d = Math.max(1, durationS);
  return [
    "#EXTM3U",
    "#EXT-X-VERSION:3",
    `#EXT-X-TARGETDURATION:${Math.ceil(d)}`,
    "#EXT-X-MEDIA-SEQUENCE:0",
    "#EXT-X-PLAYLIST-TYPE:VOD",
    `#EXTINF:${d.toFixed(3)},`,
    vttUri,
    "#EXT-X-ENDLIST",
    "",
  ].join("\n");
}

/**
 * Validates and stores a caption file (WebVTT, or SRT converted to WebVTT) for
 * one language of a video, replacing that language's previous file. The video
 * need not be processed again: the media edge lists the current tracks in the
 * master playlist it serves. Problems in the file are ValidationErrors naming
 * the line.
 */
export async function saveCaption(
  deps: { sql: Sql; storage: Storage },
  videoId: string,
  input: { lang: string; label: string; bytes: Uint8Array },
): Promise<CaptionTrack> {
  const lang = captionLanguage(input.lang);
  const label = captionLabel(input.label);
  const { cues } = parseCaptions(decodeCaptionBytes(input.bytes));
  const [{ count, durationS }] = await deps.sql<{ count: number; durationS: number | null }[]>`
    select (select count(*)::int from video_captions where video_id = ${videoId} and lang <> ${lang})
             as count,
           (select duration_s from videos where id = ${videoId}) as "durationS"`;
  if (count >= MAX_TRACKS) {
    throw new LimitError(`A video may have at most ${MAX_TRACKS} caption tracks.`);
  }
  const vtt = toWebVtt(cues);
  const version = crypto.randomUUID().replaceAll("-", "").slice(0, 12);
  const length = Math.max(Number(durationS ?? 0), cues.at(-1)!.end);
  const vttPath = captionPath(lang, version);
  await deps.storage.put(mediaKey(videoId, vttPath), vtt, { contentType: "text/vtt" });
  await deps.storage.put(
    mediaKey(videoId, captionPlaylistPath(lang, version)),
    captionPlaylist(length, vttPath.slice(vttPath.lastIndexOf("/") + 1)),
    { contentType: "application/vnd.apple.mpegurl" },
  );
  const [previous] = await deps.sql<{ version: string }[]>`
    select version from video_captions where video_id = ${videoId} and lang = ${lang}`;
  const size = new TextEncoder().encode(vtt).byteLength;
  const [row] = await deps.sql<CaptionTrack[]>`
    insert into video_captions (video_id, lang, label, version, cue_count, byte_size)
    values (${videoId}, ${lang}, ${label}, ${version}, ${cues.length}, ${size})
    on conflict (video_id, lang) do update set label = excluded.label,
      version = excluded.version, cue_count = excluded.cue_count,
      byte_size = excluded.byte_size, updated_at = now()
    returning lang, label, version, cue_count as "cueCount", byte_size as "byteSize",
      updated_at as "updatedAt"`;
  if (previous && previous.version !== version) {
    await removeFiles(deps.storage, videoId, { lang, version: previous.version });
  }
  // Last, so that nothing the media edge remembered from before the change is served.
  mediaChanged(videoId);
  return row;
}

/** Deletes one language's caption track and its files; NotFoundError if there is none. */
export async function deleteCaption(
  deps: { sql: Sql; storage: Storage },
  videoId: string,
  lang: string,
): Promise<void> {
  const [row] = await deps.sql<{ version: string }[]>`
    delete from video_captions where video_id = ${videoId} and lang = ${captionLanguage(lang)}
    returning version`;
  if (!row) throw new NotFoundError("This video has no captions in that language.");
  await removeFiles(deps.storage, videoId, { lang: captionLanguage(lang), version: row.version });
  mediaChanged(videoId);
}

async function removeFiles(
  storage: Storage,
  videoId: string,
  track: { lang: string; version: string },
): Promise<void> {
  for (
    const path of [
      captionPath(track.lang, track.version),
      captionPlaylistPath(track.lang, track.version),
    ]
  ) {
    await storage.delete(mediaKey(videoId, path)).catch((err) =>
      log("warn", "could not delete an old caption file", { videoId, path, err })
    );
  }
}
