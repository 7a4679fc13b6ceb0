-- Search (lib/search/): full text with weights title > tags > creator > description,
-- accents ignored (unaccent), typos through trigrams (pg_trgm). Replaces 0001's
-- trigger-maintained `search` column with a generated one.

create extension if not exists unaccent;
create extension if not exists pg_trgm;

-- unaccent() is only STABLE (its dictionary could change), so index and
-- generated-column expressions need this IMMUTABLE wrapper. Schema-qualified so
-- that it does not depend on the caller's search_path.
create function vf_unaccent(text) returns text
  language sql immutable parallel safe strict
  as $$ select public.unaccent('public.unaccent'::regdictionary, $1) $$;

-- array_to_string() is only STABLE; tags are plain text, so this is immutable.
create function vf_tags_text(text[]) returns text
  language sql immutable parallel safe
  as $$ select coalesce(array_to_string($1, ' '), '') $$;

-- The text search configuration: "simple" (no stemming, no stop words: the
-- catalogue may be in any language, and prefix matching of a half-typed word
-- stays predictable) with accents folded by the unaccent dictionary, so that
-- documents and queries fold the same way and ts_headline still marks "Café".
create text search configuration vf_search (copy = pg_catalog.simple);
alter text search configuration vf_search
  alter mapping for asciiword, asciihword, hword_asciipart, word, hword, hword_part
  with public.unaccent, pg_catalog.simple;

-- The creator's name is part of the document; a generated column can only read
-- its own row, so the name is copied onto each video and kept current below.
alter table videos add column creator_name text not null default '';
update videos v set creator_name = u.display_name from users u where u.id = v.owner_id;

create function videos_creator_name() returns trigger language plpgsql as $$
begin
  new.creator_name := coalesce((select display_name from users where id = new.owner_id), '');
  return new;
end $$;
create trigger videos_creator_name_trg before insert or update of owner_id
  on videos for each row execute function videos_creator_name();

create function users_display_name_to_videos() returns trigger language plpgsql as $$
begin
  update videos set creator_name = new.display_name where owner_id = new.id;
  return null;
end $$;
create trigger users_display_name_trg after update of display_name on users
  for each row when (old.display_name is distinct from new.display_name)
  execute function users_display_name_to_videos();

drop trigger videos_search_trg on videos;
drop function videos_search_update();
drop index videos_search_idx;
alter table videos drop column search;
-- ts_rank's default weights {D 0.1, C 0.2, B 0.4, A 1.0} give the order.
alter table videos add column search tsvector generated always as (
  setweight(to_tsvector('public.vf_search'::regconfig, title), 'A') ||
  setweight(to_tsvector('public.vf_search'::regconfig, public.vf_tags_text(tags)), 'B') ||
  setweight(to_tsvector('public.vf_search'::regconfig, creator_name), 'C') ||
  setweight(to_tsvector('public.vf_search'::regconfig, description), 'D')
) stored;
create index videos_search_idx on videos using gin (search);

-- Suggestions: trigrams of the short fields (not the description,
-- whose trigrams would make the index large and the matches noisy), folded to
-- lower case without accents. Stored, so that matching and scoring a row does
-- not run unaccent again (measured: suggestions 2× slower without).
create function vf_fuzzy_text(title text, tags text[], creator text) returns text
  language sql immutable parallel safe
  as $$ select lower(public.vf_unaccent(title || ' ' || public.vf_tags_text(tags) || ' ' || creator)) $$;
alter table videos add column search_words text generated always as (
  public.vf_fuzzy_text(title, tags, creator_name)
) stored;
create index videos_search_words_idx on videos using gin (search_words gin_trgm_ops);

-- The words of every title, tag and creator name, for correcting typos: a
-- misspelt word is looked up here by trigram similarity (a small table), and the
-- corrections then go through the ordinary full-text index. Numbers are left
-- out (correcting one number into another helps nobody). Words are only
-- added (a word whose videos are gone corrects to nothing found, harmlessly);
-- they are never shown, only searched for under the viewer's visibility.
create table search_lexicon (word text primary key);
create index search_lexicon_trgm_idx on search_lexicon using gin (word gin_trgm_ops);
create function search_lexicon_add() returns trigger language plpgsql as $$
begin
  insert into search_lexicon (word)
    select w from unnest(tsvector_to_array(
      to_tsvector('public.vf_search'::regconfig, new.search_words))) w
    where length(w) between 3 and 64 and w !~ '^[0-9]+$'
  on conflict do nothing;
  return null;
end $$;
create trigger videos_lexicon_trg after insert or update of title, tags, creator_name
  on videos for each row execute function search_lexicon_add();
insert into search_lexicon (word)
  select distinct w from videos v,
    unnest(tsvector_to_array(to_tsvector('public.vf_search'::regconfig, v.search_words))) w
  where length(w) between 3 and 64 and w !~ '^[0-9]+$'
  on conflict do nothing;

-- Filters.
create index videos_tags_idx on videos using gin (tags);
