-- Focus mode (docs/DESIGN.md, "Focus mode and metrics"): whether the watch page
-- starts in focus mode, and the focus sessions of signed-in viewers.

alter table users add column focus_autostart boolean not null default false;

create table focus_sessions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  -- Made by the browser: a replayed or repeated report of one session is one row.
  client_id uuid not null,
  video_id uuid not null references videos (id) on delete cascade,
  started_at timestamptz not null,
  ended_at timestamptz not null,
  duration_s real not null check (duration_s >= 0 and duration_s <= 43200),
  -- Interruptions: the tab hidden, or the window losing focus while the tab stayed visible.
  hidden_count integer not null default 0 check (hidden_count >= 0),
  hidden_s real not null default 0 check (hidden_s >= 0),
  blur_count integer not null default 0 check (blur_count >= 0),
  blur_s real not null default 0 check (blur_s >= 0),
  completed boolean not null default false,
  created_at timestamptz not null default now(),
  check (ended_at >= started_at),
  unique (user_id, client_id)
);
-- The viewer's history, newest first (cursor: started_at, id).
create index focus_sessions_user_idx on focus_sessions (user_id, started_at desc, id desc);
-- A creator's figures per video; the admin averages over a recent window.
create index focus_sessions_video_idx on focus_sessions (video_id);
create index focus_sessions_started_idx on focus_sessions (started_at);
