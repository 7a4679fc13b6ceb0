import { OpenAPIHono } from "@hono/zod-openapi";
import type { Hono } from "hono";
import type { BlankEnv } from "hono/types";
import { errorHandler, notFoundHandler } from "./middleware/error_handler.ts";
import { requestLog } from "./middleware/request_log.ts";
import { bodyLimit } from "./middleware/body_limit.ts";
import { hostGuard } from "./middleware/host_guard.ts";
import { headerGuard } from "./middleware/header_guard.ts";
import { securityHeaders } from "./middleware/security_headers.ts";
import { INLINE_SCRIPTS } from "./components/Layout.tsx";
import { authenticate } from "./middleware/auth.ts";
import { csrf } from "./middleware/csrf.ts";
import { clientIp, rateLimit } from "./middleware/rate_limit.ts";
import { errorPage } from "./routes/_render.tsx";
import type { AuthRouteDeps } from "./routes/_auth_deps.ts";
import { accountPageRoutes } from "./routes/account_pages.tsx";
import { securityPageRoutes } from "./routes/security_pages.tsx";
import { sessionsApiRoutes } from "./routes/api/v1/sessions.ts";
import { twoFactorApiRoutes } from "./routes/api/v1/two_factor.ts";
import { sessionActivity } from "./middleware/session_activity.ts";
import { accountDataPageRoutes } from "./routes/account_data_pages.tsx";
import { accountDataApiRoutes } from "./routes/api/v1/account_data.ts";
import { adminJobRoutes } from "./routes/api/v1/admin_jobs.ts";
import { adminCategoryRoutes } from "./routes/api/v1/admin_categories.ts";
import { adminBlockedWordRoutes } from "./routes/api/v1/admin_blocked_words.ts";
import { commentApiRoutes } from "./routes/api/v1/comments.ts";
import { commentPageRoutes } from "./routes/comments.tsx";
import { authApiRoutes } from "./routes/api/v1/auth.ts";
import { usersApiRoutes } from "./routes/api/v1/users.ts";
import { AVATAR_BODY_LIMIT } from "./routes/_avatar_body.ts";
import { assetRoutes } from "./routes/assets.ts";
import { apiDocRoutes } from "./routes/api_docs.tsx";
import { hlsFullUrl, swaggerUiAssets } from "./lib/islands/vendor.ts";
import { authPageRoutes } from "./routes/auth_pages.tsx";
import { accountMailApiRoutes } from "./routes/api/v1/account_mail.ts";
import { accountMailPageRoutes } from "./routes/account_mail_pages.tsx";
import { devMailRoutes } from "./routes/dev_mail.tsx";
import { avatarRoutes } from "./routes/avatars.ts";
import { healthRoutes } from "./routes/health.ts";
import { homeRoutes } from "./routes/home.tsx";
import { taxonomyPageRoutes } from "./routes/taxonomy_pages.tsx";
import { searchPageRoutes } from "./routes/search.tsx";
import { searchApiRoutes } from "./routes/api/v1/search.ts";
import { PostgresSearch } from "./lib/search/postgres.ts";
import { listCategories } from "./lib/videos/categories.ts";
import { mediaRoutes } from "./routes/media.ts";
import { playbackApiRoutes } from "./routes/api/v1/playback.ts";
import { EVENT_STREAM_LIMITS, type EventStreamLimits } from "./routes/_event_stream.ts";
import { notificationApiRoutes } from "./routes/api/v1/notifications.ts";
import { notificationPageRoutes } from "./routes/notification_pages.tsx";
import { OpenSlots } from "./lib/rate_limit.ts";
import { watchRoutes } from "./routes/watch.tsx";
import { embedRoutes } from "./routes/embed.tsx";
import { feedRoutes } from "./routes/feeds.ts";
import { storageRoutes } from "./routes/storage.ts";
import { studioPageRoutes } from "./routes/studio_pages.tsx";
import { studioListRoutes } from "./routes/studio_list.tsx";
import { studioScheduleRoutes } from "./routes/studio_schedule.tsx";
import { COMPLETE_BODY_LIMIT, PART_REPORT_PATH, uploadApiRoutes } from "./routes/api/v1/uploads.ts";
import { videoApiRoutes } from "./routes/api/v1/videos.ts";
import type { CompletionHooks } from "./lib/uploads/complete.ts";
import { storedVideoInspector } from "./lib/uploads/inspect.ts";
import { streamApiRoutes } from "./routes/api/v1/streams.ts";
import { livePageRoutes } from "./routes/live_pages.tsx";
import { ViewerCounter } from "./lib/live/watch.ts";
import { queueTranscode } from "./lib/videos/manage.ts";
import { transcodeBudget, transcodeKind } from "./lib/videos/transcode_job.ts";
import { userPageRoutes } from "./routes/user_page.tsx";
import { playlistApiRoutes } from "./routes/api/v1/playlists.ts";
import { historyApiRoutes } from "./routes/api/v1/history.ts";
import { playlistPageRoutes } from "./routes/playlists_pages.tsx";
import { historyPageRoutes } from "./routes/history_pages.tsx";
import { socialPageRoutes } from "./routes/social_pages.tsx";
import { socialApiRoutes } from "./routes/api/v1/social.ts";
import { accessKey, type AuthContext, requireVerified } from "./lib/auth/mod.ts";
import type { IslandsBundle } from "./lib/islands/build.ts";
import type { Services } from "./lib/services.ts";
import { MAX_LOCAL_PART } from "./lib/storage/local.ts";
import { MediaAccessCache } from "./lib/videos/media_access.ts";
import { MediaCache } from "./lib/videos/media_cache.ts";
import { enforceAccessGroups, enforcePremium } from "./lib/videos/access.ts";
import { moderationApiRoutes } from "./routes/api/v1/moderation.ts";
import { reviewPageRoutes } from "./routes/review_pages.tsx";
import { adminPageRoutes } from "./routes/admin_pages.tsx";
import { adminUserRoutes } from "./routes/admin_users.tsx";
import { accessGroupAdminRoutes } from "./routes/access_groups_admin.tsx";
import { accessGroupApiRoutes } from "./routes/api/v1/access_groups.ts";
import { adminVideoRoutes } from "./routes/admin_videos.tsx";
import { adminJobsPageRoutes } from "./routes/admin_jobs_page.tsx";
import { adminAuditRoutes } from "./routes/admin_audit.tsx";
import { adminReportRoutes } from "./routes/admin_reports.tsx";
import { adminAccountRoutes } from "./routes/admin_accounts.tsx";
import { adminSettingsExtraRoutes } from "./routes/admin_settings_extras.tsx";
import { reportApiRoutes } from "./routes/api/v1/reports.ts";
import { registrationMode } from "./middleware/registration_mode.ts";
import { FOCUS_BODY_LIMIT, focusApiRoutes } from "./routes/api/v1/focus.ts";
import { focusPageRoutes } from "./routes/focus_pages.tsx";
import { createMetrics, type Metrics } from "./lib/metrics/mod.ts";
import { registerQoeGauges } from "./lib/analytics/qoe_gauges.ts";
import { httpMetrics } from "./middleware/metrics.ts";
import { metricsRoutes } from "./routes/metrics.ts";
import { STATE } from "./lib/shared/video_states.ts";

import { listCaptions } from "./lib/captions/store.ts";
import { captionApiRoutes } from "./routes/api/v1/captions.ts";
import { thumbnailApiRoutes } from "./routes/api/v1/thumbnails.ts";
import { mediaEditPageRoutes } from "./routes/media_edit_pages.tsx";
import { MEDIA_EDIT_BODY_LIMITS } from "./routes/_upload_field.ts";
import { runnerApiRoutes } from "./routes/api/v1/runners.ts";
import { adminRunnerRoutes } from "./routes/admin_runners.tsx";
import { RUNNER_OBJECT_LIMIT, RUNNER_PATH } from "./routes/api/v1/_runner_schemas.ts";
import { analyticsApiRoutes } from "./routes/api/v1/analytics.ts";
import { PostgresEventSink } from "./lib/analytics/sink.ts";
import { analyticsPageRoutes } from "./routes/analytics_pages.tsx";
import { adminAnalyticsRoutes } from "./routes/admin_analytics.tsx";
import { uplotAssets } from "./lib/islands/uplot.ts";
import { openStripe, type StripeOptions } from "./lib/billing/stripe_client.ts";
import { billingApiRoutes } from "./routes/api/v1/billing.ts";
import { WEBHOOK_BODY_LIMIT } from "./lib/billing/webhook.ts";
import { premiumPageRoutes } from "./routes/premium_pages.tsx";
import { adminTierRoutes } from "./routes/admin_tier.ts";
import { adminTierApiRoutes } from "./routes/api/v1/admin_tier.ts";
import { monetizationPageRoutes } from "./routes/monetization_pages.tsx";

import { type ChatOptions, createChat } from "./lib/chat/mod.ts";
import { chatApiRoutes } from "./routes/api/v1/chat.ts";
import { chatSocketRoutes } from "./routes/api/v1/chat_socket.ts";
import { chatPageRoutes } from "./routes/chat_pages.tsx";

/** Knobs tests turn: rate-limit windows and limits, the refresh-reuse grace period. */
export interface AppOptions {
  islands?: IslandsBundle;
  /** The lazily loaded hls.js module served under /_vendor. */
  hls?: { file: URL; url: string; full?: URL };
  rateLimits?: {
    windowMs?: number;
    auth?: number;
    apiUser?: number;
    apiIp?: number;
    storageParts?: number;
    comments?: number;
    /** Mails per address per hour (RATE_LIMIT_MAIL). */
    mail?: number;
  };
  refreshGraceSeconds?: number;
  /** Event-stream limits (routes/api/v1/playback.ts), shortened by tests. */
  eventStreams?: Partial<EventStreamLimits>;
  /** The Prometheus registry (main.ts shares it with the METRICS_PORT listener); else one of its own. */
  metrics?: Metrics;
  /** Premium's Stripe client knobs (tests shorten the circuit breaker's timings). */
  premium?: StripeOptions;

  /** Live chat's fan-out and limits (lib/chat/mod.ts). */
  chat?: ChatOptions;
}

/** Builds the web tier's Hono app from opened services; no port, no side effects. */
export function createApp(services: Services, options: AppOptions = {}): Hono {
  const { db, storage, kv, config } = services;
  // Process-wide, read by lib/videos/access.ts (tests build apps with either setting).
  enforceAccessGroups(config.enforceCategoryAccess);
  const islandsDir = options.islands?.file.slice(0, options.islands.file.lastIndexOf("/"));
  const limits = { windowMs: 60_000, ...config.rateLimits, ...options.rateLimits };
  const auth: AuthContext = {
    sql: db.sql,
    kv,
    key: accessKey(services.authSecret),
    newUserRole: config.auth.newUserRole,
    adminEmail: config.auth.adminEmail,
    accountLimit: { limit: limits.auth, windowMs: limits.windowMs },
    refreshGraceSeconds: options.refreshGraceSeconds ?? 10,
    mail: {
      requireVerification: config.mail.requireVerification,
      perAddressPerHour: options.rateLimits?.mail ?? config.mail.perAddressPerHour,
    },
  };
  const authDeps: AuthRouteDeps = {
    auth,
    kv,
    trustProxy: config.trustProxy,
    ipLimit: { limit: limits.auth, windowMs: limits.windowMs },
  };
  // An OpenAPIHono collects the /api/v1 routers' descriptions as they are mounted.
  const app = new OpenAPIHono<BlankEnv>();
  const onError = errorHandler({ page: errorPage });
  // First, so that it checks the response every other layer produced.
  app.use(hostGuard());
  app.use(headerGuard({ onError }));
  // Prometheus (docs/DESIGN.md, "Focus mode and metrics"): every request's duration from here on.
  const metrics = options.metrics ??
    createMetrics(db.sql, { transcodeKind: transcodeKind.kind, collectors: [registerQoeGauges] });
  app.use(httpMetrics({ metrics }));
  app.use(requestLog());
  app.use(securityHeaders({
    publicUrl: config.publicUrl,
    mediaBaseUrl: config.mediaBaseUrl,
    inlineScripts: INLINE_SCRIPTS,
  }));
  app.use(async (c, next) => {
    c.set("islandsUrl", options.islands?.url);
    await next();
  });
  app.onError(onError);
  app.notFound(notFoundHandler({ page: errorPage }));
  // The media edge before the rest: its answers depend on the playback token, never on the
  // session, so it skips body limits (GET), CSRF, authentication and session bookkeeping,
  // keeping the guards, metrics, request log and security headers above.
  app.route(
    "/",
    mediaRoutes({
      access: new MediaAccessCache(db.sql),
      media: new MediaCache({ storage, captions: (videoId) => listCaptions(db.sql, videoId) }),
      secret: services.secret,
    }),
  );
  // Before anything reads a body (the CSRF check reads forms).
  app.use(bodyLimit({
    maxBytes: config.http.maxBodyBytes,
    timeoutMs: config.http.bodyTimeoutMs,
    rules: [
      { method: "PUT", path: "/api/v1/users/me/avatar", ...AVATAR_BODY_LIMIT },
      { method: "POST", path: "/profile/avatar", ...AVATAR_BODY_LIMIT },
      { method: "POST", path: "/api/v1/uploads/:id/complete", maxBytes: COMPLETE_BODY_LIMIT },
      { method: "POST", path: "/api/v1/focus-sessions", maxBytes: FOCUS_BODY_LIMIT },
      { method: "POST", path: "/api/v1/billing/webhook", maxBytes: WEBHOOK_BODY_LIMIT },

      ...MEDIA_EDIT_BODY_LIMITS,
      // The exact size of each part is enforced by the store's acceptPart as it streams.
      {
        method: "PUT",
        path: "/_storage/parts/:uploadId/:partNumber",
        maxBytes: MAX_LOCAL_PART,
        timeoutMs: 30 * 60_000,
      },
      RUNNER_OBJECT_LIMIT,
    ],
  }));
  // CSRF runs before authenticate so that a forged request cannot even refresh a session.
  app.use(csrf({ secret: services.secret, publicUrl: config.publicUrl }));
  app.use(authenticate({ auth }));
  app.use(sessionActivity({ sql: db.sql, trustProxy: config.trustProxy }));
  app.use(
    "/api/*",
    rateLimit({
      kv,
      name: "api-ip",
      limit: limits.apiIp,
      windowMs: limits.windowMs,
      // Runners are known by their token; their calls are not a per-address flood.
      key: (c) => RUNNER_PATH.test(c.req.path) ? undefined : clientIp(c, config),
    }),
    rateLimit({
      kv,
      name: "api-user",
      limit: limits.apiUser,
      windowMs: limits.windowMs,
      // Part reports have their own, larger per-user limit (routes/api/v1/uploads.ts).
      key: (c) => PART_REPORT_PATH.test(c.req.path) ? undefined : c.get("user")?.id,
    }),
  );
  app.route("/", healthRoutes({ sql: db.sql, storage, kv }));
  const swaggerUi = swaggerUiAssets();
  const uplot = uplotAssets();
  const vendor = {
    ...swaggerUi.files,
    ...uplot.files,
    ...(options.hls ? { [options.hls.url]: options.hls.file } : {}),
    ...(options.hls?.full ? { [hlsFullUrl(options.hls.url)]: options.hls.full } : {}),
  };
  app.route("/", assetRoutes({ islandsDir, vendor }));
  const selfServed = storage.selfServed();
  if (selfServed) {
    const partLimit = {
      kv,
      limit: limits.storageParts,
      windowMs: limits.windowMs,
      trustProxy: config.trustProxy,
    };
    app.route("/", storageRoutes({ storage: selfServed, partLimit }));
  }
  app.route("/", homeRoutes({ sql: db.sql, mediaBaseUrl: config.mediaBaseUrl }));
  app.route("/", taxonomyPageRoutes({ sql: db.sql, mediaBaseUrl: config.mediaBaseUrl }));
  const search = new PostgresSearch(db.sql, { mediaBaseUrl: config.mediaBaseUrl });
  const categories = () => listCategories(db.sql);
  app.route("/", searchPageRoutes({ search, categories })).route("/", searchApiRoutes({ search }));
  const playbackDeps = {
    sql: db.sql,
    kv,
    secret: services.secret,
    mediaBaseUrl: config.mediaBaseUrl,
    trustProxy: config.trustProxy,
  };
  // One cap on a user's open event streams, whichever endpoint they are on.
  const streamLimits = { ...EVENT_STREAM_LIMITS, ...options.eventStreams };
  const streamSlots = new OpenSlots(streamLimits.maxPerUser);
  metrics.openStreams.source = () => streamSlots.total;
  app.route(
    "/",
    playbackApiRoutes({ ...playbackDeps, eventStreams: streamLimits, streamSlots }),
  );
  app.route("/", notificationApiRoutes({ sql: db.sql, streamSlots, limits: streamLimits }));
  app.route("/", notificationPageRoutes({ sql: db.sql }));
  const watchDeps = {
    ...playbackDeps,
    publicUrl: config.publicUrl,
    hlsUrl: options.hls?.url,
    storage, // where a public stream starts (routes/_player.tsx)
  };
  app.route("/", watchRoutes(watchDeps)).route("/", embedRoutes(watchDeps));
  // Live streams (docs/DESIGN.md "Live streaming"): the API; the ingest is lib/live/ingest.ts.
  app.route(
    "/",
    streamApiRoutes({
      ...playbackDeps,
      rtmpUrl: config.live.rtmpUrl,
      viewers: new ViewerCounter(kv),
      slots: new OpenSlots(4),
    }),
  ).route("/", livePageRoutes({ sql: db.sql, rtmpUrl: config.live.rtmpUrl }));
  app.route("/", feedRoutes({ sql: db.sql, publicUrl: config.publicUrl }));
  app.route("/", authApiRoutes(authDeps));
  app.route(
    "/",
    usersApiRoutes({
      auth,
      storage,
      ffmpegPath: config.ffmpegPath,
      quotas: config.quotas,
      trustProxy: config.trustProxy,
    }),
  );
  app.use("/signup", registrationMode({ sql: db.sql }));
  app.route("/", authPageRoutes(authDeps));
  // Verification, password reset, email change; /dev/mail reads the outbox in `deno task dev`.
  app.route("/", accountMailApiRoutes(authDeps)).route("/", accountMailPageRoutes(authDeps));
  if (config.mail.devViewer && !config.mail.smtpUrl) {
    app.route("/", devMailRoutes({ outboxDir: config.mail.outboxDir }));
  }
  app.route("/", accountDataApiRoutes({ auth, storage }));
  app.route("/", accountDataPageRoutes({ auth, storage }));
  app.route("/", accountPageRoutes({ auth, storage, ffmpegPath: config.ffmpegPath }));
  // Two-factor sign-in and signed-in devices (docs/DESIGN.md "Accounts: two-factor and sessions").
  app.route("/", securityPageRoutes(authDeps)).route("/", twoFactorApiRoutes(authDeps))
    .route("/", sessionsApiRoutes({ auth }));
  app.route("/", userPageRoutes({ sql: db.sql, mediaBaseUrl: config.mediaBaseUrl }));
  app.route("/", avatarRoutes({ storage }));
  const uploadHooks: CompletionHooks = {
    inspect: storedVideoInspector({
      storage,
      ffprobePath: config.ffprobePath,
      limits: config.media,
    }),
    enqueue: async (videoId, facts) => {
      await queueTranscode({ sql: db.sql, budget: transcodeBudget(config) }, videoId, { facts });
    },
  };
  app.route(
    "/",
    uploadApiRoutes({
      sql: db.sql,
      storage,
      kv,
      hooks: uploadHooks,
      maxBytes: config.uploads.maxBytes,
      urlTtlS: config.uploads.urlTtlS,
      quotas: config.quotas,
      partReportLimit: { limit: limits.apiUser * 50, windowMs: limits.windowMs },
      mayUpload: (userId) => requireVerified(auth, userId, { action: "upload videos" }),
      onCompleted: (r) =>
        metrics.uploads.inc({ result: r.status === STATE.failed ? "refused" : "accepted" }),
    }),
  );
  app.route("/", videoApiRoutes({ sql: db.sql, kv, storage, trustProxy: config.trustProxy }));
  const socialDeps = { sql: db.sql, mediaBaseUrl: config.mediaBaseUrl };
  app.route("/", socialPageRoutes(socialDeps)).route("/", socialApiRoutes(socialDeps));
  app.route("/", adminJobRoutes({ sql: db.sql, kinds: [transcodeKind] }));
  app.route("/", adminCategoryRoutes({ sql: db.sql }));
  // Comments: 10 posts per user per window (rateLimits.comments in tests).
  const postLimit = { kv, limit: limits.comments ?? 10, windowMs: limits.windowMs };
  // Like uploads, comments wait for a confirmed address when verification is required.
  const mayComment = (userId: string) => requireVerified(auth, userId, { action: "comment" });
  app.route("/", commentApiRoutes({ sql: db.sql, postLimit, mayComment }))
    .route("/", commentPageRoutes({ sql: db.sql, postLimit, mayComment }))
    .route("/", adminBlockedWordRoutes({ sql: db.sql, trustProxy: config.trustProxy }));
  const mediaEditDeps = {
    sql: db.sql,
    storage,
    secret: services.secret,
    mediaBaseUrl: config.mediaBaseUrl,
    ffprobePath: config.ffprobePath,
  };
  app.route(
    "/",
    studioPageRoutes({ ...mediaEditDeps, kv, maxBytes: config.uploads.maxBytes }),
  );
  // Captions and thumbnails (docs/DESIGN.md, "Captions and thumbnails").
  app.route("/", captionApiRoutes(mediaEditDeps)).route("/", thumbnailApiRoutes(mediaEditDeps));
  app.route("/", mediaEditPageRoutes(mediaEditDeps));
  const studioList = { sql: db.sql, storage, secret: services.secret };
  app.route("/", studioListRoutes({ ...studioList, mediaBaseUrl: config.mediaBaseUrl }));
  app.route("/", studioScheduleRoutes({ sql: db.sql }));
  // Playlists and watch history (docs/DESIGN.md "Community: playlists and history").
  const community = { sql: db.sql, kv, mediaBaseUrl: config.mediaBaseUrl };
  app.route("/", playlistApiRoutes(community)).route("/", historyApiRoutes(community));
  app.route("/", playlistPageRoutes(community)).route("/", historyPageRoutes(community));
  // Live chat (docs/DESIGN.md, "Live chat"): its API, WebSocket and popout page.
  const chat = {
    ...createChat(db, { ...options.chat, kv }),
    sql: db.sql,
    publicUrl: config.publicUrl,
    trustProxy: config.trustProxy,
    mayPost: (userId: string) => requireVerified(auth, userId, { action: "chat" }),
  };
  app.route("/", chatApiRoutes(chat)).route("/", chatSocketRoutes(chat))
    .route("/", chatPageRoutes(chat));
  // Last, so that the document describes every route mounted above.
  // Moderation and administration (docs/DESIGN.md, "Moderation and administration").
  const moderationDeps = { sql: db.sql, storage, trustProxy: config.trustProxy };
  app.route("/", moderationApiRoutes(moderationDeps));
  app.route("/", reviewPageRoutes({ ...watchDeps, storage }));
  app.route("/", adminPageRoutes({ ...moderationDeps, quotas: config.quotas }));
  app.route("/", adminUserRoutes({ ...moderationDeps, publicUrl: config.publicUrl }));
  app.route("/", accessGroupAdminRoutes(moderationDeps));
  app.route("/", accessGroupApiRoutes(moderationDeps));
  app.route("/", adminVideoRoutes(moderationDeps));
  app.route("/", adminJobsPageRoutes({ ...moderationDeps, kinds: [transcodeKind] }));
  app.route("/", adminAuditRoutes(moderationDeps));
  app.route("/", adminReportRoutes(moderationDeps));
  // Bans with a length, warnings, quotas, created accounts, blocked words (docs/DESIGN.md).
  app.route("/", adminAccountRoutes({ auth, trustProxy: config.trustProxy, quotas: config.quotas }))
    .route("/", adminSettingsExtraRoutes(moderationDeps));
  app.route("/", reportApiRoutes({ sql: db.sql, kv }));
  // Focus mode's sessions, history and setting (docs/DESIGN.md, "Focus mode and metrics").
  app.route("/", focusApiRoutes({ sql: db.sql, kv })).route("/", focusPageRoutes({ sql: db.sql }));
  app.route("/", metricsRoutes({ metrics, token: config.metrics.token }));
  // Remote runners (docs/DESIGN.md, "Remote runners"): their API and the admin page for tokens.
  app.route("/", runnerApiRoutes({ sql: db.sql, storage, config }))
    .route("/", adminRunnerRoutes(moderationDeps));
  // Analytics (docs/DESIGN.md, "Analytics"): player events in, creator and admin pages out.
  const sink = new PostgresEventSink(db.sql);
  app.route("/", analyticsApiRoutes({ ...watchDeps, kv, sink }));
  app.route("/", analyticsPageRoutes({ ...watchDeps, uplot }));
  app.route("/", adminAnalyticsRoutes({ sql: db.sql, uplot }));
  // Premium (docs/DESIGN.md, "Premium"): nothing mounted and flags ignored without Stripe.
  enforcePremium(!!config.billing);
  if (config.billing) {
    const gateway = openStripe(config.billing, options.premium);
    const billing = { sql: db.sql, gateway, config: config.billing, publicUrl: config.publicUrl };
    app.route("/", billingApiRoutes(billing)).route("/", premiumPageRoutes(billing));
    const tierDeps = {
      sql: db.sql,
      trustProxy: config.trustProxy,
      graceMs: config.billing.graceMs,
    };
    app.route("/", adminTierRoutes(tierDeps)).route("/", adminTierApiRoutes(tierDeps));
    const share = config.billing.creatorShare;
    app.route("/", monetizationPageRoutes({ sql: db.sql, creatorShare: share, uplot }));
  }
  app.route(
    "/",
    apiDocRoutes({ swaggerUi, describe: (config) => app.getOpenAPI31Document(config) }),
  );
  return app;
}
