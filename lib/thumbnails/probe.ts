import { LimitError, ValidationError } from "../errors.ts";
import { log } from "../log.ts";
import { streamLines } from "../media/child.ts";
import { imageInputArgs, THUMBNAIL_DEMUXERS } from "../media/input_policy.ts";

/** Largest thumbnail upload accepted. */
export const MAX_THUMBNAIL_BYTES = 10 * 1024 * 1024;
/** Largest side of an uploaded thumbnail, in pixels. */
export const MAX_THUMBNAIL_SIDE = 8192;
/** Most pixels an uploaded thumbnail may have (the image decoder's cap, input_policy.ts). */
const MAX_THUMBNAIL_PIXELS = 40_000_000;
/** Smallest side: anything narrower is not a picture worth showing. */
const MIN_THUMBNAIL_SIDE = 16;

const CODECS: Record<string, string> = { mjpeg: "JPEG", png: "PNG", webp: "WebP" };

/** What an accepted image is. */
export interface ImageFacts {
  width: number;
  height: number;
  format: "JPEG" | "PNG" | "WebP";
}

const NOT_AN_IMAGE = "That file is not a JPEG, PNG or WebP image we can read.";

function refuse(message: string): ValidationError {
  return new ValidationError(message, { details: { fields: [{ field: "image", message }] } });
}

/**
 * Probes an uploaded thumbnail (`path` must have no extension: ffprobe would
 * pick the image2 demuxer by it) with ffprobe under the input policy: read only
 * as a single JPEG, PNG or WebP picture (whatever its name says; an SVG, a
 * text file or a playlist is refused), at most MAX_THUMBNAIL_SIDE on a side
 * and 40 megapixels. A bounded child (10 s, 1 GiB of address space).
 */
export async function probeImage(
  path: string,
  options: { ffprobePath: string },
): Promise<ImageFacts> {
  let text = "";
  const decoder = new TextDecoder();
  let size = 0;
  const run = await streamLines(options.ffprobePath, [
    "-v",
    "error",
    ...imageInputArgs({ demuxers: THUMBNAIL_DEMUXERS }),
    "-select_streams",
    "v:0",
    "-show_entries",
    "stream=codec_name,width,height:format=format_name,nb_streams",
    "-of",
    "json",
    path,
  ], {
    timeoutMs: 10_000,
    memoryBytes: 1024 * 1024 * 1024,
    onLine(line) {
      size += line.byteLength;
      if (size > 64 * 1024) return false;
      text += decoder.decode(line) + "\n";
    },
  });
  if (!run.success) {
    log("debug", "thumbnail refused by ffprobe", { stderr: run.stderr.slice(-300) });
    throw refuse(NOT_AN_IMAGE);
  }
  let parsed: {
    streams?: { codec_name?: string; width?: number; height?: number }[];
    format?: { format_name?: string; nb_streams?: number };
  };
  try {
    parsed = JSON.parse(text);
  } catch {
    throw refuse(NOT_AN_IMAGE);
  }
  const stream = parsed.streams?.[0];
  const format = CODECS[stream?.codec_name ?? ""];
  if (!stream || !format || parsed.format?.nb_streams !== 1) throw refuse(NOT_AN_IMAGE);
  if (!THUMBNAIL_DEMUXERS.includes(parsed.format?.format_name ?? "")) throw refuse(NOT_AN_IMAGE);
  let { width = 0, height = 0 } = stream;
  // Past the decoder's pixel cap ffprobe reports 0×0 and names the size it refused.
  const claimed = /Picture size (\d+)x(\d+) is invalid/.exec(run.stderr);
  if ((!width || !height) && claimed) [width, height] = [Number(claimed[1]), Number(claimed[2])];
  if (
    width > MAX_THUMBNAIL_SIDE || height > MAX_THUMBNAIL_SIDE ||
    width * height > MAX_THUMBNAIL_PIXELS
  ) {
    throw new LimitError(
      `The image is ${width}×${height} pixels; a thumbnail may be at most ` +
        `${MAX_THUMBNAIL_SIDE} pixels on a side and 40 megapixels.`,
      { details: { width, height, maxSide: MAX_THUMBNAIL_SIDE } },
    );
  }
  if (width < MIN_THUMBNAIL_SIDE || height < MIN_THUMBNAIL_SIDE) {
    throw refuse(`The image is ${width}×${height} pixels; make it at least 16 on each side.`);
  }
  return { width, height, format: format as ImageFacts["format"] };
}
