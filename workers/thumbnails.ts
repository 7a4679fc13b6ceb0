import type { Config } from "../lib/config.ts";
import type { Sql } from "../lib/db/mod.ts";
import { log } from "../lib/log.ts";
import { publicReason } from "../lib/media/public_reason.ts";
import { runFfmpeg } from "../lib/media/run.ts";
import { type AnyJobDefinition, handleJob } from "../lib/queue/mod.ts";
import { mediaKey, thumbnailPath, thumbnailUploadKey } from "../lib/storage/layout.ts";
import type { JobStorage, Storage } from "../lib/storage/types.ts";
import type { TranscodeCatalog } from "../lib/videos/transcode_catalog.ts";
import {
  AUTO_FRAME,
  FRAME_POINTS,
  frameArgs,
  resizeArgs,
  thumbnailSizes,
} from "../lib/thumbnails/ffmpeg.ts";
import { failUpload, finishUpload } from "../lib/thumbnails/store.ts";
import { thumbnailResizeKind } from "../lib/thumbnails/upload.ts";
import { makeJobDir } from "./_job_files.ts";

/** What the thumbnail pieces need from the worker's services. */
export interface ThumbnailDeps {
  sql: Sql;
  storage: Storage;
  config: Pick<Config, "ffmpegPath" | "media" | "worker">;
}

/**
 * The candidate thumbnails of a processing run: a frame where the poster is
 * (`auto`, the default choice) and at 25/50/75 % of the video, each in the
 * poster widths, from one ffmpeg run (one seek per frame). Answers the key the
 * video's poster should point at (the owner's earlier choice when it still
 * exists, else `auto`), or undefined when the frames could not be made: the
 * video then keeps its single poster.jpg, as videos processed before
 * thumbnails existed do. A failure here never fails the transcode.
 */
export async function makeThumbnailFrames(
  // A processing run's own view: on a remote runner, storage and catalog go through the API.
  deps: {
    storage: JobStorage;
    catalog: Pick<TranscodeCatalog, "frames">;
    config: ThumbnailDeps["config"];
  },
  run: {
    videoId: string;
    source: string;
    dir: string;
    durationS: number;
    posterAtS: number;
    display: { width: number; height: number };
    signal: AbortSignal;
  },
): Promise<string | undefined> {
  const frames = [
    { name: AUTO_FRAME, atS: run.posterAtS },
    ...FRAME_POINTS.map((p) => ({ name: p.name, atS: run.durationS * p.fraction })),
  ];
  const sizes = thumbnailSizes(run.display);
  const outDir = `${run.dir}/thumbs`;
  try {
    await Deno.mkdir(outDir, { recursive: true });
    await runFfmpeg(
      frameArgs(run.source, {
        frames,
        sizes,
        outDir,
        maxDimension: deps.config.media.maxDimension,
      }),
      {
        ffmpegPath: deps.config.ffmpegPath,
        memoryBytes: deps.config.media.ffmpegMaxMemoryBytes,
        signal: run.signal,
      },
    );
    const widths = sizes.map((s) => s.width);
    for (const f of frames) {
      for (const w of widths) {
        const file = `${outDir}/${f.name}-${w}.jpg`;
        await deps.storage.put(
          mediaKey(run.videoId, thumbnailPath(f.name, w)),
          await Deno.readFile(file),
          {
            contentType: "image/jpeg",
          },
        );
      }
    }
    return await deps.catalog.frames(frames.map((f) => ({ ...f, widths })), { auto: AUTO_FRAME });
  } catch (err) {
    run.signal.throwIfAborted();
    log("warn", "thumbnail frames failed; keeping the single poster", {
      videoId: run.videoId,
      err,
    });
    return undefined;
  }
}

/**
 * The resize job of an uploaded thumbnail: the stored upload → JPEGs in the
 * poster widths (never wider than the image) → the video's poster. A failure
 * is recorded on the thumbnail (the owner sees why) rather than retried: the
 * image was probed already, so ffmpeg failing on it will fail again.
 */
export function thumbnailJob(deps: ThumbnailDeps): AnyJobDefinition {
  return handleJob(thumbnailResizeKind, async ({ job, payload, signal }) => {
    const { videoId, name } = payload;
    const [still] = await deps.sql`select 1 from video_thumbnails
      where video_id = ${videoId} and name = ${name} and state = 'pending'`;
    if (!still) return; // the video (or the upload) is gone
    const dir = await makeJobDir(deps.config.worker.tmpDir, job.id);
    const source = thumbnailUploadKey(videoId, name);
    try {
      const obj = await deps.storage.get(source);
      if (!obj) throw new Error("The uploaded image is missing from storage.");
      const input = `${dir}/image`; // no extension: the demuxer is chosen by content
      await Deno.writeFile(input, obj.body);
      const sizes = thumbnailSizes({ width: payload.width, height: payload.height });
      await runFfmpeg(resizeArgs(input, { name, sizes, outDir: `${dir}/out` }), {
        ffmpegPath: deps.config.ffmpegPath,
        memoryBytes: 1024 * 1024 * 1024,
        signal,
      });
      for (const s of sizes) {
        const bytes = await Deno.readFile(`${dir}/out/${name}-${s.width}.jpg`);
        await deps.storage.put(mediaKey(videoId, thumbnailPath(name, s.width)), bytes, {
          contentType: "image/jpeg",
        });
      }
      await finishUpload(deps, videoId, { name, widths: sizes.map((s) => s.width) });
    } catch (err) {
      signal.throwIfAborted();
      log("warn", "thumbnail resize failed", { videoId, err });
      await failUpload(deps.sql, videoId, {
        name,
        reason: publicReason(err, { component: "thumbnails" }),
      });
    } finally {
      await deps.storage.delete(source).catch(() => {});
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    }
  });
}
