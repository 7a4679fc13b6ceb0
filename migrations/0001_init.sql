-- Catalog: users, videos, renditions, uploads and transcode jobs.
-- Emails are stored lower-cased (the app normalises them); the unique index
-- guards against duplicates without the citext extension, which PGlite lacks.

create table users (
  id uuid primary key default gen_random_uuid(),
  email text not null,
  password_hash text not null,
  display_name text not null,
  avatar_key text,
  role text not null default 'creator' check (role in ('viewer', 'creator', 'admin')),
  token_version integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create unique index users_email_key on users (lower(email));

create table videos (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null references users (id) on delete cascade,
  title text not null default '',
  description text not null default '',
  visibility text not null default 'private'
    check (visibility in ('public', 'unlisted', 'private')),
  status text not null default 'uploading' check (status in (
    'uploading', 'uploaded', 'processing', 'ready', 'published', 'rejected', 'failed'
  )),
  status_reason text,
  source_key text,
  source_size bigint,
  duration_s double precision,
  width integer,
  height integer,
  mime_type text,
  poster_key text,
  storyboard_key text,
  master_key text,
  tags text[] not null default '{}',
  category text,
  search tsvector,
  view_count bigint not null default 0,
  like_count bigint not null default 0,
  created_at timestamptz not null default now(),
  published_at timestamptz,
  updated_at timestamptz not null default now()
);
create index videos_owner_idx on videos (owner_id, created_at desc);
create index videos_public_idx on videos (published_at desc, id)
  where visibility = 'public' and status in ('ready', 'published');
create index videos_search_idx on videos using gin (search);

-- to_tsvector over several columns is not immutable enough for a generated
-- column (array_to_string is stable), so a trigger keeps it current.
create function videos_search_update() returns trigger language plpgsql as $$
begin
  new.search :=
    setweight(to_tsvector('simple', coalesce(new.title, '')), 'A') ||
    setweight(to_tsvector('simple', array_to_string(new.tags, ' ')), 'B') ||
    setweight(to_tsvector('simple', coalesce(new.description, '')), 'C');
  return new;
end $$;
create trigger videos_search_trg before insert or update of title, description, tags
  on videos for each row execute function videos_search_update();

create table renditions (
  video_id uuid not null references videos (id) on delete cascade,
  name text not null,
  width integer not null,
  height integer not null,
  bitrate integer not null,
  codecs text not null,
  playlist_key text not null,
  created_at timestamptz not null default now(),
  primary key (video_id, name)
);

create table uploads (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null references users (id) on delete cascade,
  video_id uuid not null references videos (id) on delete cascade,
  storage_key text not null,
  storage_upload_id text not null,
  size bigint not null,
  part_size bigint not null,
  status text not null default 'pending' check (status in ('pending', 'completed', 'aborted')),
  expires_at timestamptz not null,
  created_at timestamptz not null default now()
);
create index uploads_expiry_idx on uploads (expires_at) where status = 'pending';

create table transcode_jobs (
  id uuid primary key default gen_random_uuid(),
  video_id uuid not null references videos (id) on delete cascade,
  kind text not null default 'transcode',
  status text not null default 'queued'
    check (status in ('queued', 'running', 'succeeded', 'failed', 'dead')),
  attempts integer not null default 0,
  worker_id text,
  progress real not null default 0,
  error text,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz
);
create index transcode_jobs_video_idx on transcode_jobs (video_id, created_at desc);
