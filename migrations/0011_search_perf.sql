-- Suggestions (lib/search/suggest.ts) want the most viewed public videos whose
-- words contain what was typed. For two letters the trigram index cannot help
-- (no trigram), and for a common prefix it finds thousands of rows to sort:
-- measured at 100,000 videos (bench/discovery_bench.ts), "gu" took 300 ms and
-- "guit" 19 ms. Walking public videos most viewed first and stopping at the
-- 40 candidates reads a few hundred rows instead. The order matches the
-- query's (view_count desc, id), so results are the same, only found sooner;
-- search sorted by views and channel pages by views may use it too.
create index videos_public_views_idx on videos (view_count desc, id)
  where visibility = 'public';
