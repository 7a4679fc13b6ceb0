-- Comments on videos (docs/DESIGN.md, "Community: comments"): top-level
-- comments and one level of replies, held-for-review comments, one pinned
-- comment per video, per-video settings, and the admins' blocked-word list.

-- Per-video settings and the count the cards show. comment_count is the number
-- of comments anyone may see: published top-level comments and the published
-- replies under them. The trigger below keeps it right on every write path,
-- cascades from a deleted user included.
alter table videos
  add column comment_count integer not null default 0,
  add column comments_off boolean not null default false,
  add column comments_held boolean not null default false;

create table comments (
  id uuid primary key default gen_random_uuid(),
  video_id uuid not null references videos (id) on delete cascade,
  author_id uuid not null references users (id) on delete cascade,
  -- Always a top-level comment: a reply to a reply attaches to its thread.
  parent_id uuid references comments (id) on delete cascade,
  body text not null check (char_length(body) between 1 and 5000),
  status text not null default 'visible' check (status in ('visible', 'held')),
  -- Why a held comment waits: the video holds all comments, or a blocked word.
  held_reason text check (held_reason in ('review', 'blocked_word')),
  -- Published replies (trigger-maintained); "top" sorts by it.
  reply_count integer not null default 0,
  pinned_at timestamptz,
  -- Milliseconds, so that a page cursor (JS Date) names a row exactly.
  created_at timestamptz not null default date_trunc('milliseconds', now()),
  edited_at timestamptz,
  check (parent_id is null or pinned_at is null)
);
-- A video's threads, newest first and top first (keyset pagination).
create index comments_video_new on comments (video_id, created_at desc, id desc)
  where parent_id is null;
create index comments_video_top on comments (video_id, reply_count desc, created_at desc, id desc)
  where parent_id is null;
-- A thread's replies, oldest first.
create index comments_parent on comments (parent_id, created_at, id) where parent_id is not null;
-- Deleting a user removes their comments.
create index comments_author on comments (author_id);
-- One pinned comment per video.
create unique index comments_one_pin on comments (video_id) where pinned_at is not null;

-- Normalised (lower case, accents removed: lib/comments/blocked_words.ts) words
-- and phrases; a comment containing one as whole words is held for review.
create table blocked_words (
  word text primary key check (char_length(word) between 1 and 100)
);

-- Counts: a comment counts when it is published and, for a reply, its thread
-- is published too. A thread's reply_count counts its published replies
-- whatever the thread's own status, so that approving a held thread adds
-- 1 + reply_count at once. During a cascade the parent row is already gone when
-- a reply's trigger runs: then the thread's own trigger accounts for it.
create function comments_count() returns trigger language plpgsql as $$
declare
  c comments;
  delta integer;
  parent_published boolean;
begin
  if tg_op = 'INSERT' then
    c := new;
    delta := case when new.status = 'visible' then 1 else 0 end;
  elsif tg_op = 'DELETE' then
    c := old;
    delta := case when old.status = 'visible' then -1 else 0 end;
  else
    c := new;
    delta := (case when new.status = 'visible' then 1 else 0 end)
      - (case when old.status = 'visible' then 1 else 0 end);
  end if;
  if delta = 0 then
    return null;
  end if;
  if c.parent_id is null then
    update videos set comment_count = greatest(0, comment_count + delta * (1 + c.reply_count))
    where id = c.video_id;
  else
    update comments set reply_count = greatest(0, reply_count + delta) where id = c.parent_id
    returning status = 'visible' into parent_published;
    if parent_published then
      update videos set comment_count = greatest(0, comment_count + delta) where id = c.video_id;
    end if;
  end if;
  return null;
end $$;

create trigger comments_count after insert or delete on comments
  for each row execute function comments_count();
create trigger comments_count_status after update of status on comments
  for each row when (old.status is distinct from new.status) execute function comments_count();
