-- Transcoding: when a video first became playable and when processing ended,
-- and a 'cancelled' job status for re-runs and deletions.

alter table videos add column playable_at timestamptz;
alter table videos add column processed_at timestamptz;

alter table transcode_jobs drop constraint transcode_jobs_status_check;
alter table transcode_jobs add constraint transcode_jobs_status_check
  check (status in ('queued', 'running', 'succeeded', 'failed', 'dead', 'cancelled'));
