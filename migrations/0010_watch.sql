-- Co-viewing for related videos ("viewers of this video also watched"): which
-- viewer watched which video, recently. One row per viewer and video (a repeat
-- view moves `at`); the viewer key is hashed (lib/videos/view_log.ts), never
-- an account id or a network in clear. Bounded by the housekeeping job
-- (pruneViewLog): rows older than 90 days and all but a viewer's newest 200.
create table view_log (
  viewer_hash bytea not null,
  video_id uuid not null references videos(id) on delete cascade,
  at timestamptz not null default now(),
  primary key (viewer_hash, video_id)
);
-- The viewers of one video, newest first (related videos).
create index view_log_video_at on view_log (video_id, at desc);
-- A viewer's videos, newest first (co-views, per-viewer pruning).
create index view_log_viewer_at on view_log (viewer_hash, at desc);
-- Pruning by age.
create index view_log_at on view_log (at);

-- Related videos' "same category" candidates: the most viewed public ones of a
-- category without reading the whole category (a seq scan at 50k videos: 14 ms).
create index videos_related_category_idx on videos (category, view_count desc)
  where visibility = 'public';
