/**
 * The RTMP protocol, from node-media-server (Apache-2.0; only its protocol
 * parser is used, not its servers): a connection object that parses chunks,
 * answers the handshake and commands, and hands media packets on. Here its
 * `publish` is held until an asynchronous check (the stream key) lets it
 * through, the socket paused meanwhile, so a refused publisher never gets
 * "NetStream.Publish.Start" and no media of it is read; `play` is refused.
 */
import Rtmp from "node-media-server/src/protocol/rtmp.js";
import Flv from "node-media-server/src/protocol/flv.js";
import { parseH264Sps } from "node-media-server/src/protocol/sps_info.js";
import type { Socket } from "node:net";

/** A media packet as the parser hands it on (FLV tag fields). */
export interface AvPacket {
  /** 8 audio, 9 video, 18 script. */
  codec_type: number;
  codec_id: number;
  /** Video: 2 sequence header, 3 keyframe, 4 frame; audio: 0 sequence header, 1 frame. */
  flags: number;
  dts: number;
  size: number;
  data: Uint8Array;
}

/** One RTMP connection; `gate` decides on a publish by its stream name (the key). */
export function rtmpConnection(
  socket: Socket,
  handlers: {
    gate: (streamName: string) => Promise<boolean>;
    onPacket: (packet: AvPacket) => void;
  },
): { feed(data: Uint8Array): string | null } {
  // deno-lint-ignore no-explicit-any
  const conn: any = new (class extends (Rtmp as any) {
    // deno-lint-ignore no-explicit-any
    onPublish(message: any) {
      socket.pause();
      const name = String(message.streamName ?? "").split("?")[0];
      handlers.gate(name).then((ok) => {
        if (!ok || socket.destroyed) return socket.destroy();
        super.onPublish(message);
        socket.resume();
      }, () => socket.destroy());
    }
    onPlay() {
      socket.destroy();
    }
  })();
  conn.onOutputCallback = (buffer: Uint8Array) => {
    if (!socket.destroyed) socket.write(buffer);
  };
  conn.onPacketCallback = handlers.onPacket;
  return { feed: (data) => conn.parserData(data) };
}

/** FLV's file header (audio and video flagged as `audio` says). */
export function flvHeader(audio: boolean): Uint8Array {
  return Flv.createHeader(audio, true);
}

/** One packet as an FLV tag (a copy: the parser reuses its buffers). */
export function flvTag(packet: AvPacket): Uint8Array {
  return Flv.createMessage(packet);
}

/**
 * The size and whether browsers decode it, from an H.264 sequence header
 * (AVCDecoderConfigurationRecord after the 5-byte FLV video tag header).
 */
export function avcFacts(
  data: Uint8Array,
): { width: number; height: number; webSafe: boolean } | undefined {
  const record = data.subarray(5);
  if (record.length < 8 || (data[0] & 0x0f) !== 7) return undefined;
  const profile = record[1];
  const spsLength = (record[6] << 8) | record[7];
  const sps = record.subarray(8, 8 + spsLength);
  const size = parseH264Sps(Buffer.from(sps));
  if (!size) return undefined;
  return { ...size, webSafe: [66, 77, 100].includes(profile) };
}
