-- Search at catalogue size (lib/search/_candidates.ts) and trending computed once
-- for every process (lib/videos/trending.ts, workers/housekeeping.ts).

-- The title's words alone, with their own GIN index. Relevance ranks a bounded
-- set of candidates: the most viewed matches anywhere, plus the most viewed
-- matches in the title (a title match outranks any other for one word, and
-- title words are rarer, so this branch finds the strong matches that popular
-- passing mentions in descriptions would crowd out of the first). Stored, so a
-- branch that walks the views index checks the title without re-parsing it.
alter table videos add column title_search tsvector generated always as (
  to_tsvector('public.vf_search'::regconfig, title)
) stored;
create index videos_title_search_idx on videos using gin (title_search);

-- The trending ranking, written by the workers' `rank_trending` job (every
-- minute) and read by every web process's home page: rank 1 is the top.
-- Replaced whole in one transaction, so readers see the old ranking or the new.
create table trending_videos (
  rank integer primary key,
  video_id uuid not null references videos (id) on delete cascade,
  score double precision not null,
  ranked_at timestamptz not null default now()
);

-- A signed-in viewer's search also reads their own unlisted and private videos
-- (lib/search/visibility.ts visibleScopes): through this small index, not the
-- text index (whose bitmap for a common word is tens of thousands of rows).
create index videos_owner_hidden_idx on videos (owner_id) where visibility <> 'public';
