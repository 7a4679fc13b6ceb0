-- Captions and thumbnails (docs/DESIGN.md, "Captions and thumbnails").

-- One caption track per video and language (a BCP 47 tag in canonical form). The files live in
-- storage at captions/{lang}/{version}.vtt (+ .m3u8); a replacement gets a new version.
create table video_captions (
  video_id uuid not null references videos (id) on delete cascade,
  lang text not null check (length(lang) between 2 and 35),
  label text not null check (length(label) between 1 and 80),
  version text not null,
  cue_count integer not null,
  byte_size integer not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (video_id, lang)
);

-- The pictures a video's owner may choose as its thumbnail: frames taken while processing
-- ('auto' at the poster's time, f1..f3 at 25/50/75 %) and uploaded images (u + 8 hex), each
-- stored in `widths` (thumbs/{name}-{width}.jpg). The chosen one (at most one per video) is what
-- videos.poster_key points at (its largest width); a re-run of processing keeps the choice.
create table video_thumbnails (
  video_id uuid not null references videos (id) on delete cascade,
  name text not null check (name ~ '^[a-z0-9]{1,12}$'),
  kind text not null check (kind in ('frame', 'upload')),
  state text not null default 'usable' check (state in ('pending', 'usable', 'unusable')),
  widths integer[] not null default '{}',
  at_s real,
  error text,
  chosen boolean not null default false,
  created_at timestamptz not null default now(),
  primary key (video_id, name)
);
create unique index video_thumbnails_chosen_idx on video_thumbnails (video_id) where chosen;
