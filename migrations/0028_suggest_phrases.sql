-- Suggestions for input of several words ("street f"): the trigram index on
-- search_words has no trigram across a space, so `like '%street f%'` fetched
-- every video holding "street" and any word starting with "f" somewhere
-- (2,466 rows to recheck for 52 matches at 100,000 videos: 13–15 ms). The same
-- text without spaces has the trigrams that span the words ("etf"): the rows
-- to recheck drop to a few dozen (1.1 ms). Only multi-word input uses it
-- (lib/search/suggest.ts); a single word keeps the word-start trigrams of
-- videos_search_words_idx, which this index lacks.
create index videos_search_joined_idx on videos
  using gin ((replace(search_words, ' ', '')) gin_trgm_ops);
