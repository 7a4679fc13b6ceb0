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

-- Counts: a comment counts when it is visible and, for a reply, its thread is
-- visible too. A thread's reply_count counts its visible replies whatever the
-- thread's own status, so that approving a held thread adds 1 + reply_count at
-- once. Statement-level triggers with transition tables: one update per video
-- and per thread for a whole statement (row-level triggers updating one video
-- row 100,000 times in a transaction, as deleting a prolific user does, walk an
-- ever longer chain of row versions: quadratic). In a cascade a reply's thread
-- is already gone when the replies' statement runs (its parent does not join):
-- the thread's own row, deleted with its reply_count, accounts for them.
create function comments_count_insert() returns trigger language plpgsql as $$
begin
  update comments p set reply_count = p.reply_count + d.k
  from (select parent_id, count(*)::int as k from new_rows
        where parent_id is not null and status = 'visible' group by parent_id) d
  where p.id = d.parent_id;
  update videos v set comment_count = v.comment_count + d.k
  from (select n.video_id, count(*)::int as k
        from new_rows n left join comments p on p.id = n.parent_id
        where n.status = 'visible' and (n.parent_id is null or p.status = 'visible')
        group by n.video_id) d
  where v.id = d.video_id;
  return null;
end $$;

create function comments_count_delete() returns trigger language plpgsql as $$
begin
  update comments p set reply_count = greatest(0, p.reply_count - d.k)
  from (select parent_id, count(*)::int as k from old_rows
        where parent_id is not null and status = 'visible' group by parent_id) d
  where p.id = d.parent_id;
  update videos v set comment_count = greatest(0, v.comment_count - d.k)
  from (select o.video_id,
               sum(case when o.parent_id is null then 1 + o.reply_count else 1 end)::int as k
        from old_rows o left join comments p on p.id = o.parent_id
        where o.status = 'visible' and (o.parent_id is null or p.status = 'visible')
        group by o.video_id) d
  where v.id = d.video_id;
  return null;
end $$;

create function comments_count_status() returns trigger language plpgsql as $$
begin
  -- Most updates (edits, pins, this function's own reply_count updates) change no status:
  -- stop there, which also ends the recursion.
  if not exists (
    select 1 from new_rows n join old_rows o on o.id = n.id where o.status <> n.status
  ) then
    return null;
  end if;
  with changed as (
    select n.video_id, n.parent_id, n.reply_count,
           case when n.status = 'visible' then 1 else -1 end as delta
    from new_rows n join old_rows o on o.id = n.id
    where o.status <> n.status
  ), threads as (
    update comments p set reply_count = greatest(0, p.reply_count + d.k)
    from (select parent_id, sum(delta)::int as k from changed
          where parent_id is not null group by parent_id) d
    where p.id = d.parent_id
    returning p.id
  )
  update videos v set comment_count = greatest(0, v.comment_count + d.k)
  from (select c.video_id,
               sum(case when c.parent_id is null then c.delta * (1 + c.reply_count)
                        else c.delta end)::int as k
        from changed c left join comments p on p.id = c.parent_id
        where c.parent_id is null or p.status = 'visible'
        group by c.video_id) d
  where v.id = d.video_id;
  return null;
end $$;

create trigger comments_count_insert after insert on comments
  referencing new table as new_rows for each statement execute function comments_count_insert();
create trigger comments_count_delete after delete on comments
  referencing old table as old_rows for each statement execute function comments_count_delete();
create trigger comments_count_status after update on comments
  referencing old table as old_rows new table as new_rows
  for each statement execute function comments_count_status();
