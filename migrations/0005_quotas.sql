-- Quotas and session revocation.
-- Per-user overrides of the instance's upload quotas (bytes; null = the
-- configured default, -1 = unlimited), as PeerTube's videoQuota and
-- videoQuotaDaily.
alter table users add column video_quota bigint check (video_quota >= -1);
alter table users add column video_quota_daily bigint check (video_quota_daily >= -1);

-- The daily quota counts bytes of uploads started in the last 24 hours. A
-- ledger, not the uploads table: deleting a finished video must not hand its
-- bytes back to today's allowance (aborting an unfinished upload does).
create table upload_ledger (
  video_id uuid primary key,
  user_id uuid not null references users (id) on delete cascade,
  size bigint not null check (size >= 0),
  created_at timestamptz not null default now()
);
create index upload_ledger_user_idx on upload_ledger (user_id, created_at);

-- Storage use per owner (sum of source_size, open uploads counted) is read on
-- every upload start.
create index videos_owner_status_idx on videos (owner_id, status);

-- Access tokens carry their session (refresh family); a signed-out family has
-- revoked rows. This index holds only those, so checking that a session is
-- still live is one probe into a (usually tiny) index.
create index refresh_tokens_revoked_family_idx on refresh_tokens (family_id)
  where revoked_at is not null;
