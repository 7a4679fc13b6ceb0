-- Moderation and administration: the moderator role, trusted creators, the
-- instance settings (moderation policy, registration mode), review decisions,
-- invitations, reports and the append-only audit log. docs/DESIGN.md,
-- "Moderation and administration".

alter table users drop constraint if exists users_role_check;
alter table users add constraint users_role_check
  check (role in ('viewer', 'creator', 'moderator', 'admin'));
-- Trusted creators' videos skip review.
alter table users add column trusted boolean not null default false;

-- The publish policy a video was processed under: decided once, when its
-- first processing starts (instance policy and the uploader's trust), so that
-- switching the instance policy never hides or exposes what is already out.
alter table videos add column review_required boolean not null default false;
create index videos_review_queue_idx on videos (created_at, id) where status = 'in_review';
-- The admin video list (newest first) and the dashboard's daily series.
create index videos_created_idx on videos (created_at desc, id desc);
create index videos_failed_idx on videos (processed_at) where status = 'failed';
create index users_created_idx on users (created_at desc, id desc);

-- One row (id = true): what admins set on /admin/settings. Created at start-up
-- from MODERATION / REGISTRATION when missing.
create table instance_settings (
  id boolean primary key default true check (id),
  moderation text not null default 'off' check (moderation in ('off', 'pre')),
  registration text not null default 'open' check (registration in ('open', 'invite', 'closed')),
  updated_at timestamptz not null default now(),
  updated_by uuid references users (id) on delete set null
);

-- Every decision on a video, newest last; the creator sees the latest.
create table video_reviews (
  id bigserial primary key,
  video_id uuid not null references videos (id) on delete cascade,
  moderator_id uuid references users (id) on delete set null,
  decision text not null check (decision in ('approve', 'reject', 'resubmit')),
  reason text check (char_length(reason) <= 1000),
  files_deleted boolean not null default false,
  created_at timestamptz not null default now()
);
create index video_reviews_video_idx on video_reviews (video_id, id desc);

-- Invitation links (registration mode `invite`): the token is stored hashed.
create table invitations (
  id uuid primary key default gen_random_uuid(),
  token_hash text not null unique,
  role text not null default 'creator' check (role in ('viewer', 'creator')),
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  used_by uuid references users (id) on delete set null
);

-- Reports on videos, comments and users; the target has no foreign key, so
-- that any kind (comments live in another feature) can be reported.
create table reports (
  id uuid primary key default gen_random_uuid(),
  reporter_id uuid not null references users (id) on delete cascade,
  target_kind text not null check (target_kind in ('video', 'comment', 'user')),
  target_id uuid not null,
  reason text not null,
  details text not null default '' check (char_length(details) <= 1000),
  created_at timestamptz not null default now(),
  resolved_at timestamptz,
  resolved_by uuid references users (id) on delete set null,
  resolution text
);
-- One open report per reporter and target.
create unique index reports_open_once on reports (reporter_id, target_kind, target_id)
  where resolved_at is null;
create index reports_open_target_idx on reports (target_kind, target_id) where resolved_at is null;

-- Who did what to whom, from where: appended, never changed. The actor is kept
-- by id and name without a foreign key, so deleting an account keeps history.
create table audit_log (
  id bigserial primary key,
  at timestamptz not null default now(),
  actor_id uuid,
  actor_name text not null default '',
  action text not null,
  target_kind text,
  target_id text,
  details jsonb not null default '{}'::jsonb,
  ip text,
  request_id text
);
create index audit_log_at_idx on audit_log (at desc, id desc);
create index audit_log_action_idx on audit_log (action, at desc);

create function audit_log_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only' using errcode = 'insufficient_privilege';
end $$;
create trigger audit_log_append_only before update or delete on audit_log
  for each row execute function audit_log_refuse_change();
create trigger audit_log_no_truncate before truncate on audit_log
  for each statement execute function audit_log_refuse_change();
