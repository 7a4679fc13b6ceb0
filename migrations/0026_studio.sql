-- Creator studio (issue 17).
-- Scheduled publishing: the time a video goes public. While set, the video is
-- held back from lists like one awaiting review (lib/videos/lifecycle.ts
-- listedCondition); it is cleared when the video is published or the schedule
-- is cancelled. The sweep finds due videos through the partial index.
alter table videos add column publish_at timestamptz;
create index videos_publish_due_idx on videos (publish_at) where publish_at is not null;

-- What a running job is doing besides its percent (a transcode's stage and the
-- time it expects to need); written with progress by lib/queue/ledger.ts.
alter table jobs add column progress_detail jsonb;

-- The studio list: one owner's videos by date or title, newest first, paged by cursor.
create index videos_owner_created_id_idx on videos (owner_id, created_at desc, id desc);

-- Unfinished uploads of one owner, listed on /upload and /studio to resume or discard.
create index uploads_owner_pending_idx on uploads (owner_id, created_at desc) where status = 'pending';
