-- Administration of accounts (docs/DESIGN.md, "Administration: bans, warnings,
-- quotas, accounts"): bans that end on their own, warnings a user sees, and
-- the instance's default upload quotas set by admins.

-- A ban with an end: lifted at the user's next sign-in after it (and by the
-- hourly housekeeping sweep); null = until an admin lifts it.
alter table users add column ban_expires_at timestamptz;
create index users_ban_expiry_idx on users (ban_expires_at)
  where banned_at is not null and ban_expires_at is not null;

-- Warnings: what a moderator or admin told a user, newest first on their
-- settings page; counted on /admin/users.
create table user_warnings (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  reason text not null check (char_length(reason) between 1 and 500),
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now()
);
create index user_warnings_user_idx on user_warnings (user_id, created_at desc);

-- Default upload quotas (bytes, -1 = unlimited); null = VIDEO_QUOTA_BYTES /
-- VIDEO_QUOTA_DAILY_BYTES from the environment. A user's own override wins.
alter table instance_settings add column default_video_quota bigint
  check (default_video_quota >= -1);
alter table instance_settings add column default_video_quota_daily bigint
  check (default_video_quota_daily >= -1);
