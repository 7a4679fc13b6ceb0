-- Analytics (docs/DESIGN.md, "Analytics"): raw player events, append-only and
-- partitioned by day, and the per-day rollups every chart is drawn from.

-- One playback session (one page load's player). Its `day` (UTC, set by the
-- server when the session is first seen) decides the partition all of its
-- events go to, so that a replayed event always meets its first copy there.
create table analytics_sessions (
  id uuid primary key,
  video_id uuid not null references videos (id) on delete cascade,
  day date not null,
  started_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  -- A salted hash (daily-rotating for anonymous viewers); null under DNT/GPC.
  viewer text,
  device text not null,
  browser text not null,
  os text not null,
  source text not null,
  region text not null
);
create index analytics_sessions_seen_idx on analytics_sessions (last_seen_at);
create index analytics_sessions_day_idx on analytics_sessions (day, video_id);

-- Raw events. Partitions (analytics_events_YYYYMMDD) are created ahead by the
-- maintenance job (and on demand by ingest) and dropped after the retention.
create table analytics_events (
  day date not null,
  session_id uuid not null,
  seq integer not null,
  video_id uuid not null,
  kind text not null,
  at timestamptz not null,
  received_at timestamptz not null default now(),
  pos real,
  from_s real,
  to_s real,
  value real,
  detail text,
  primary key (day, session_id, seq)
) partition by range (day);

-- The salt of each day's anonymous viewer ids: random, deleted once the day is over.
create table analytics_salts (
  day date primary key,
  salt text not null
);

-- Per video and day. Arrays: `retention` counts the views that played each
-- hundredth of the video; `startup_hist` counts startups by 100 ms bucket
-- (the last bucket: 10 s and more), so percentiles add up across days.
create table analytics_video_daily (
  video_id uuid not null references videos (id) on delete cascade,
  owner_id uuid not null,
  day date not null,
  sessions integer not null,
  views integer not null,
  viewers integer not null,
  watch_s double precision not null,
  completes integer not null,
  errors integer not null,
  rebuffer_s double precision not null,
  rebuffers integer not null,
  startup_p50_ms real,
  startup_p95_ms real,
  startup_hist integer[] not null,
  retention integer[] not null,
  primary key (video_id, day)
);
create index analytics_video_daily_owner_idx on analytics_video_daily (owner_id, day);

-- Views and watch time per video, day and dimension value (device, browser, os, source, region).
create table analytics_video_dims (
  video_id uuid not null references videos (id) on delete cascade,
  owner_id uuid not null,
  day date not null,
  dim text not null,
  value text not null,
  views integer not null,
  watch_s double precision not null,
  primary key (video_id, day, dim, value)
);
create index analytics_video_dims_owner_idx on analytics_video_dims (owner_id, day, dim);

-- Per channel (owner) and day, from the same sessions: what the channel page
-- reads, so a year of a 1,000-video channel is 365 rows, not 365,000; viewers
-- are unique per channel and day.
create table analytics_channel_daily (
  owner_id uuid not null references users (id) on delete cascade,
  day date not null,
  sessions integer not null,
  views integer not null,
  viewers integer not null,
  watch_s double precision not null,
  completes integer not null,
  errors integer not null,
  rebuffer_s double precision not null,
  startup_hist integer[] not null,
  primary key (owner_id, day)
);

create table analytics_channel_dims (
  owner_id uuid not null references users (id) on delete cascade,
  day date not null,
  dim text not null,
  value text not null,
  views integer not null,
  watch_s double precision not null,
  primary key (owner_id, day, dim, value)
);

-- Platform-wide per day: playback, quality of experience and processing.
create table analytics_platform_daily (
  day date primary key,
  events bigint not null,
  sessions integer not null,
  views integer not null,
  viewers integer not null,
  watch_s double precision not null,
  errors integer not null,
  rebuffer_s double precision not null,
  startup_hist integer[] not null,
  uploads integer not null,
  processed integer not null,
  failed integer not null,
  processing_p50_s real,
  processing_p95_s real
);

-- Quality of experience per day by browser and by device class.
create table analytics_platform_dims (
  day date not null,
  dim text not null,
  value text not null,
  sessions integer not null,
  views integer not null,
  watch_s double precision not null,
  rebuffer_s double precision not null,
  errors integer not null,
  startup_hist integer[] not null,
  primary key (day, dim, value)
);

-- Who watched on a day (hashed ids only): daily, weekly and monthly active viewers.
create table analytics_viewer_days (
  day date not null,
  viewer text not null,
  primary key (day, viewer)
);

-- The rollup's high-water mark on analytics_sessions.last_seen_at.
create table analytics_rollup_state (
  id boolean primary key default true check (id),
  seen_through timestamptz not null
);
