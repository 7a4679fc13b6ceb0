-- Community: likes/dislikes (one reaction per user and video) and follows.
--
-- Counts are columns kept by statement-level triggers over transition tables:
-- one UPDATE per statement and counted row, whatever the number of rows, so a
-- bulk insert of a million reactions costs one counter update, and every way a
-- row goes away (an unlike, a cascade from a deleted user or video) passes
-- through the same arithmetic. Each UPDATE takes the counted row's lock and
-- adds a delta to the committed value (READ COMMITTED re-reads the row after
-- waiting for the lock), so concurrent reactions never lose a count.

create table video_reactions (
  user_id uuid not null references users (id) on delete cascade,
  video_id uuid not null references videos (id) on delete cascade,
  kind text not null check (kind in ('like', 'dislike')),
  -- Milliseconds, as the liked list's cursor carries them (lib/videos/_card_cursor.ts).
  created_at timestamptz not null default date_trunc('milliseconds', now()),
  primary key (user_id, video_id)
);
-- Cascades from a deleted video.
create index video_reactions_video_idx on video_reactions (video_id);
-- A user's liked videos, most recently liked first (cursor: created_at, video_id).
create index video_reactions_liked_idx on video_reactions (user_id, created_at desc, video_id desc)
  where kind = 'like';

alter table videos add column dislike_count bigint not null default 0;

-- Each trigger sums its rows per video (+1 for a row that arrives, -1 for one
-- that leaves; an update is both) and applies the sums in one UPDATE.
create function video_reactions_inserted() returns trigger language plpgsql as $$
begin
  update videos v set like_count = v.like_count + d.likes,
    dislike_count = v.dislike_count + d.dislikes
  from (select video_id, count(*) filter (where kind = 'like') as likes,
          count(*) filter (where kind = 'dislike') as dislikes
        from new_rows group by video_id) d
  where v.id = d.video_id;
  return null;
end $$;

create function video_reactions_deleted() returns trigger language plpgsql as $$
begin
  update videos v set like_count = v.like_count - d.likes,
    dislike_count = v.dislike_count - d.dislikes
  from (select video_id, count(*) filter (where kind = 'like') as likes,
          count(*) filter (where kind = 'dislike') as dislikes
        from old_rows group by video_id) d
  where v.id = d.video_id;
  return null;
end $$;

create function video_reactions_updated() returns trigger language plpgsql as $$
begin
  update videos v set like_count = v.like_count + d.likes,
    dislike_count = v.dislike_count + d.dislikes
  from (select video_id, coalesce(sum(s) filter (where kind = 'like'), 0) as likes,
          coalesce(sum(s) filter (where kind = 'dislike'), 0) as dislikes
        from (select video_id, kind, 1 as s from new_rows
              union all select video_id, kind, -1 from old_rows) c
        group by video_id) d
  where v.id = d.video_id and (d.likes <> 0 or d.dislikes <> 0);
  return null;
end $$;

create trigger video_reactions_ins after insert on video_reactions
  referencing new table as new_rows for each statement execute function video_reactions_inserted();
create trigger video_reactions_del after delete on video_reactions
  referencing old table as old_rows for each statement execute function video_reactions_deleted();
create trigger video_reactions_upd after update on video_reactions
  referencing old table as old_rows new table as new_rows
  for each statement execute function video_reactions_updated();

create table follows (
  follower_id uuid not null references users (id) on delete cascade,
  creator_id uuid not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  primary key (follower_id, creator_id),
  check (follower_id <> creator_id)
);
-- Cascades from a deleted creator.
create index follows_creator_idx on follows (creator_id);

alter table users add column follower_count bigint not null default 0;

create function follows_inserted() returns trigger language plpgsql as $$
begin
  update users u set follower_count = u.follower_count + d.n
  from (select creator_id, count(*) as n from new_rows group by creator_id) d
  where u.id = d.creator_id;
  return null;
end $$;

create function follows_deleted() returns trigger language plpgsql as $$
begin
  update users u set follower_count = u.follower_count - d.n
  from (select creator_id, count(*) as n from old_rows group by creator_id) d
  where u.id = d.creator_id;
  return null;
end $$;

create trigger follows_ins after insert on follows
  referencing new table as new_rows for each statement execute function follows_inserted();
create trigger follows_del after delete on follows
  referencing old table as old_rows for each statement execute function follows_deleted();

-- "Creators to follow": the most followed first.
create index users_follower_count_idx on users (follower_count desc, id);

-- The follow feed of someone following few creators: each one's newest
-- videos by the cards' sort key (following many, the planner walks
-- videos_public_newest_idx and probes follows_pkey instead).
create index videos_owner_published_idx
  on videos (owner_id, (coalesce(published_at, created_at)) desc, id desc);
