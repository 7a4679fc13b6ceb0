-- Playlists (with the built-in "Watch later") and server-side watch history.
-- Who may see a member video is decided at read time by viewableSql()
-- (lib/videos/access.ts), so a video turning private leaves other viewers'
-- view of every playlist and its count at once; deleting a video or a user
-- removes their rows by cascade.
create table playlists (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null references users (id) on delete cascade,
  -- 'watch_later' is the built-in one: never renamed, deleted or shared.
  kind text not null default 'custom' check (kind in ('custom', 'watch_later')),
  title text not null check (char_length(title) between 1 and 150),
  description text not null default '' check (char_length(description) <= 5000),
  -- Named privacy (not visibility): who may open the playlist, not a video.
  privacy text not null default 'private' check (privacy in ('public', 'unlisted', 'private')),
  -- Every member, whoever may see it: the 5,000 cap counts these.
  item_count integer not null default 0 check (item_count >= 0),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (kind = 'custom' or privacy = 'private')
);
-- At most one "Watch later" per user (created lazily, `on conflict do nothing`).
create unique index playlists_watch_later_key on playlists (owner_id) where kind = 'watch_later';
-- A user's playlists, newest change first (the /playlists page, the save menu, channels).
create index playlists_owner_updated on playlists (owner_id, updated_at desc, id);

-- Members in order: gap positions (1024 apart) so that a move writes one row;
-- when two neighbours leave no gap, the playlist is renumbered under its row lock.
create table playlist_items (
  playlist_id uuid not null references playlists (id) on delete cascade,
  video_id uuid not null references videos (id) on delete cascade,
  position bigint not null,
  added_at timestamptz not null default now(),
  primary key (playlist_id, video_id),
  unique (playlist_id, position) deferrable initially deferred
);
-- "Which of my playlists hold this video" and the cascade from videos.
create index playlist_items_video on playlist_items (video_id);

-- Keeps item_count right however a member goes (removed, its video deleted).
create function playlist_items_count() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    update playlists set item_count = item_count + 1 where id = new.playlist_id;
  else
    update playlists set item_count = item_count - 1 where id = old.playlist_id;
  end if;
  return null;
end $$;
create trigger playlist_items_count after insert or delete on playlist_items
  for each row execute function playlist_items_count();

-- Where a signed-in viewer stopped in each video, newest first.
create table watch_history (
  user_id uuid not null references users (id) on delete cascade,
  video_id uuid not null references videos (id) on delete cascade,
  position_s real not null check (position_s >= 0),
  watched_at timestamptz not null default now(),
  primary key (user_id, video_id)
);
create index watch_history_user_at on watch_history (user_id, watched_at desc, video_id);
create index watch_history_video on watch_history (video_id);

-- While paused, nothing is recorded (the /history page says so).
alter table users add column history_paused boolean not null default false;
