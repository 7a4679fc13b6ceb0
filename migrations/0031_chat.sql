-- Live chat (issue 19, docs/DESIGN.md "Live chat"). A room per video, opened at
-- go-live and closed at the end (lib/chat/rooms.ts); its messages stay for the
-- recording's replay, at offsets from opened_at.
create table chat_rooms (
  video_id uuid primary key references videos (id) on delete cascade,
  opened_at timestamptz not null default now(),
  closed_at timestamptz,
  slow_mode_s integer not null default 0 check (slow_mode_s between 0 and 3600),
  followers_only boolean not null default false,
  updated_at timestamptz not null default now()
);

create table chat_messages (
  id bigserial primary key,
  video_id uuid not null references chat_rooms (video_id) on delete cascade,
  author_id uuid not null references users (id) on delete cascade,
  body text not null check (char_length(body) between 1 and 500),
  created_at timestamptz not null default now(),
  deleted_at timestamptz,
  deleted_by uuid references users (id) on delete set null
);
-- The last 50 on join, resume after an id, and the replay: all walk this index.
create index chat_messages_room_idx on chat_messages (video_id, id);
create index chat_messages_author_idx on chat_messages (author_id);

-- Timeouts (until a time) and bans (until null) from a creator's chats: they
-- hold in every room of that creator's videos.
create table chat_restrictions (
  creator_id uuid not null references users (id) on delete cascade,
  user_id uuid not null references users (id) on delete cascade,
  until timestamptz,
  reason text,
  by_id uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  primary key (creator_id, user_id)
);

-- What every web instance relays to its sockets (a message, a deletion, a
-- restriction, new settings). The id orders them; LISTEN/NOTIFY carries each
-- one as it commits on a real server, and the embedded database's instances
-- poll it by id (lib/chat/fanout.ts). Pruned when a room closes.
create table chat_events (
  id bigserial primary key,
  video_id uuid not null references chat_rooms (video_id) on delete cascade,
  payload jsonb not null,
  created_at timestamptz not null default now()
);
create index chat_events_room_idx on chat_events (video_id, id);
