import { Hono } from "hono";
import { errorHandler, notFoundHandler } from "./middleware/error_handler.ts";
import { requestLog } from "./middleware/request_log.ts";
import { errorPage } from "./routes/_render.tsx";
import { assetRoutes } from "./routes/assets.ts";
import { healthRoutes } from "./routes/health.ts";
import { homeRoutes } from "./routes/home.tsx";
import { mediaRoutes } from "./routes/media.ts";
import { storageRoutes } from "./routes/storage.ts";
import type { IslandsBundle } from "./lib/islands/build.ts";
import type { Services } from "./lib/services.ts";
import { LocalStorage } from "./lib/storage/local.ts";
import { MediaAccessCache } from "./lib/videos/media_access.ts";

/** Builds the web tier's Hono app from opened services; no port, no side effects. */
export function createApp(
  services: Services,
  options: { islands?: IslandsBundle; hls?: { file: URL; url: string } } = {},
): Hono {
  const { db, storage, kv } = services;
  const islandsDir = options.islands?.file.slice(0, options.islands.file.lastIndexOf("/"));
  const app = new Hono();
  app.use(requestLog());
  app.use(async (c, next) => {
    c.set("islandsUrl", options.islands?.url);
    await next();
  });
  app.onError(errorHandler({ page: errorPage }));
  app.notFound(notFoundHandler({ page: errorPage }));
  app.route("/", healthRoutes({ sql: db.sql, storage, kv }));
  const vendor = options.hls ? { [options.hls.url]: options.hls.file } : {};
  app.route("/", assetRoutes({ islandsDir, vendor }));
  if (storage instanceof LocalStorage) app.route("/", storageRoutes({ storage }));
  app.route(
    "/",
    mediaRoutes({ storage, access: new MediaAccessCache(db.sql), secret: services.secret }),
  );
  app.route("/", homeRoutes({ sql: db.sql }));
  return app;
}
