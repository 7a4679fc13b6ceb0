-- Live streams (docs/DESIGN.md, "Live streaming"): a live stream IS a video row
-- (status live_scheduled → live → live_ended → uploaded…), so /v/:id plays it
-- while live and its recording becomes the same video. This table holds what
-- only a stream has: the SHA-256 of its secret key (never the key), its own
-- ingest state (idle, starting, streaming, reconnecting, ended; separate from
-- the video's lifecycle), the publisher's lease (one publisher at a time, and
-- a restarted ingest recognises a stale one), and the segments packaged so far.
create table live_streams (
  video_id uuid primary key references videos (id) on delete cascade,
  owner_id uuid not null references users (id) on delete cascade,
  key_hash text not null unique,
  key_hint text not null,
  scheduled_at timestamptz,
  save_recording boolean not null default true,
  state text not null default 'idle'
    check (state in ('idle', 'starting', 'streaming', 'reconnecting', 'ended')),
  publisher_id uuid,
  lease_until timestamptz,
  run_count int not null default 0,
  source_height int,
  started_at timestamptz,
  last_data_at timestamptz,
  ended_at timestamptz,
  end_reason text,
  created_at timestamptz not null default now()
);
create index live_streams_owner_idx on live_streams (owner_id, created_at desc);
create index live_streams_active_idx on live_streams (last_data_at)
  where state in ('starting', 'streaming', 'reconnecting');

-- One row per packaged segment and rung: the sliding window and the full list
-- (the recording) are rendered from here, and an ingest that restarts mid-stream
-- continues the numbering. `run` counts publisher connections: a new run starts
-- with a discontinuity.
create table live_segments (
  video_id uuid not null references live_streams (video_id) on delete cascade,
  rung text not null,
  seq int not null,
  run int not null,
  duration_ms int not null,
  pdt timestamptz not null,
  name text not null,
  primary key (video_id, rung, seq)
);
