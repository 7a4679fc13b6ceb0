import S3rver from "s3rver";

/** A running S3-protocol server for tests (s3rver, in this process). */
export interface S3Server {
  endpoint: string;
  stop(): Promise<void>;
}

/** Starts s3rver on a loopback port with a throwaway directory. */
export async function startS3(): Promise<S3Server> {
  const dir = await Deno.makeTempDir({ prefix: "vf-s3-" });
  const server = new S3rver({ port: 0, address: "127.0.0.1", directory: dir, silent: true });
  const info = await server.run() as { port: number };
  return {
    endpoint: `http://127.0.0.1:${info.port}`,
    async stop() {
      await server.close();
      await Deno.remove(dir, { recursive: true }).catch(() => {});
    },
  };
}
