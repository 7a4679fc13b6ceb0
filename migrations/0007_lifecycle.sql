-- The video lifecycle's states (lib/videos/lifecycle.ts is the one source; this
-- constraint holds the same set): moderation (in_review), scheduled publishing
-- and live streams join the states the first slice had.
alter table videos drop constraint videos_status_check;
alter table videos add constraint videos_status_check check (status in (
  'uploading', 'uploaded', 'processing', 'ready', 'in_review', 'scheduled', 'published',
  'rejected', 'failed', 'live_scheduled', 'live', 'live_ended'
));
