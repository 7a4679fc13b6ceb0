-- Discovery taxonomy: tags in one canonical form (lib/videos/tags.ts), a list
-- of categories that admins manage, and per-view timestamps for trending.

-- Categories: videos.category becomes a slug of this table. A renamed
-- category keeps its slug; a deleted one leaves its videos uncategorised.
create table categories (
  slug text primary key check (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$' and length(slug) <= 50),
  name text not null unique check (length(name) between 1 and 50),
  position integer not null default 0
);
insert into categories (slug, name, position) values
  ('education', 'Education', 10), ('entertainment', 'Entertainment', 20),
  ('film', 'Film & Animation', 30), ('gaming', 'Gaming', 40), ('music', 'Music', 50),
  ('news', 'News & Politics', 60), ('science', 'Science & Technology', 70),
  ('sports', 'Sports', 80), ('travel', 'Travel & Events', 90),
  ('how-to', 'How-to & Style', 100), ('food', 'Food & Drink', 105), ('people', 'People & Blogs', 110);

-- Free-text categories of existing videos: a value that names a default
-- (by slug or name, any case, accents ignored) maps to it; any other value
-- becomes a category of its own, so that nothing a creator chose is lost.
create function vf_slugify(text) returns text language sql immutable as $$
  select btrim(left(btrim(regexp_replace(lower(public.vf_unaccent($1)), '[^a-z0-9]+', '-', 'g'), '-'), 50), '-')
$$;
update videos v set category = c.slug from categories c
  where v.category is not null
    and (vf_slugify(v.category) = c.slug or lower(public.vf_unaccent(btrim(v.category)))
      = lower(public.vf_unaccent(c.name)) or vf_slugify(v.category) = vf_slugify(c.name));
insert into categories (slug, name, position)
  select distinct on (vf_slugify(category)) vf_slugify(category), left(btrim(category), 50), 1000
  from videos
  where category is not null and vf_slugify(category) <> ''
    and category not in (select slug from categories)
  order by vf_slugify(category), category
  on conflict do nothing;
update videos set category = case when vf_slugify(category) = '' then null
                                  else vf_slugify(category) end
  where category is not null and category not in (select slug from categories);
drop function vf_slugify(text);
alter table videos add constraint videos_category_fk foreign key (category)
  references categories (slug) on update cascade on delete set null;
-- A category's newest videos (home shelves, /c/:slug) as an index walk.
create index videos_category_idx on videos (category, (coalesce(published_at, created_at)) desc, id desc)
  where category is not null;

-- Tags: the canonical form, approximated in SQL for rows written before the
-- rule existed (lower case, accents folded, runs of other characters → "-"),
-- de-duplicated in order and cut to 10. New writes go through normalizeTags().
update videos v set tags = coalesce((
  select array_agg(t order by first) from (
    select t, min(n) as first from (
      select btrim(regexp_replace(lower(public.vf_unaccent(raw)), '[^[:alnum:]]+', '-', 'g'), '-')
               as t, n
      from unnest(v.tags) with ordinality as u(raw, n)
    ) folded where t <> '' and length(t) <= 40 group by t order by min(n) limit 10
  ) canon
), '{}')
where tags <> '{}';

-- One row per counted view (written by lib/videos/views.ts in the same
-- statement that bumps view_count): trending sums recent rows with time decay.
-- Rows older than the trending window carry no weight and may be deleted.
create table video_view_events (
  video_id uuid not null references videos (id) on delete cascade,
  at timestamptz not null default now()
);
create index video_view_events_at_idx on video_view_events (at, video_id);

-- Public lists newest first (home, /latest, tag pages) walk this in order and
-- stop at the page size; 0001's index is on published_at alone, which the
-- lists' coalesce(published_at, created_at) order cannot use.
create index videos_public_newest_idx on videos ((coalesce(published_at, created_at)) desc, id desc)
  where visibility = 'public';
