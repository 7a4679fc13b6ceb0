-- Notifications (docs/DESIGN.md, "Notifications"): one row per event a user is
-- told about, in-app and/or by email as their preferences say; kinds are
-- validated by lib/shared/notification_kinds.ts, not here, so that a new kind
-- needs no migration.
create table notifications (
  id bigint generated always as identity primary key,
  user_id uuid not null references users(id) on delete cascade,
  kind text not null check (length(kind) between 1 and 40),
  -- Who caused it (a commenter, a creator); gone with their account.
  actor_id uuid references users(id) on delete set null,
  -- The video it is about; a notification about a deleted video goes with it.
  video_id uuid references videos(id) on delete cascade,
  -- What else it points at (a comment, a report): no foreign key, those tables
  -- belong to other features; the link checks visibility when followed.
  subject_id text check (length(subject_id) <= 64),
  -- Text captured when it happened (a title, a reason, a short excerpt), bounded.
  data jsonb not null default '{}' check (pg_column_size(data) <= 4096),
  -- Shown in the bell and /notifications (the in-app preference when it was made).
  in_app boolean not null default true,
  -- To be mailed in the next digest (the email preference when it was made).
  email boolean not null default false,
  emailed_at timestamptz,
  read_at timestamptz,
  created_at timestamptz not null default now(),
  -- The same event is recorded once (a retried job, a re-run hook).
  dedupe_key text check (length(dedupe_key) <= 200)
);

create index notifications_user_idx on notifications (user_id, id desc) where in_app;
create index notifications_unread_idx on notifications (user_id) where in_app and read_at is null;
create index notifications_digest_idx on notifications (user_id, id)
  where email and emailed_at is null;
create unique index notifications_dedupe_idx on notifications (user_id, dedupe_key)
  where dedupe_key is not null;

-- Per-kind choices; a missing row means the kind's default.
create table notification_prefs (
  user_id uuid not null references users(id) on delete cascade,
  kind text not null check (length(kind) between 1 and 40),
  in_app boolean not null,
  email boolean not null,
  primary key (user_id, kind)
);
