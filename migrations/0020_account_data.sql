-- Your data (docs/DESIGN.md, "Accounts: your data"): account deletion and
-- exports of source files.

-- Set when the owner asked for deletion; the account is unusable from then on
-- (email released, sessions ended, videos hidden) and a job removes the rest.
alter table users add column deleted_at timestamptz;

-- An archive of a user's source files, built by a job, kept for a few days.
create table account_exports (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  state text not null default 'pending' check (state in ('pending', 'complete', 'error')),
  -- One key per part: an archive stays under the ZIP format's 4 GiB limit.
  object_keys text[] not null default '{}',
  size_bytes bigint not null default 0,
  video_count integer not null default 0,
  error text,
  created_at timestamptz not null default now(),
  finished_at timestamptz,
  expires_at timestamptz
);
create index account_exports_user_idx on account_exports (user_id, created_at desc);
create index account_exports_expiry_idx on account_exports (expires_at) where expires_at is not null;
