-- Two-factor sign-in (TOTP, RFC 6238) and the list of signed-in devices.
--
-- two_factor holds one authenticator per user: the secret encrypted with a key
-- derived from the auth secret (lib/two_factor/secret_box.ts), confirmed_at
-- null while the user has not yet proved they scanned it, and the last time
-- step accepted so that a code cannot be used twice (replay).
create table two_factor (
  user_id uuid primary key references users (id) on delete cascade,
  secret_box text not null,
  confirmed_at timestamptz,
  last_step bigint,
  created_at timestamptz not null default now()
);

-- Ten single-use recovery codes per user, stored only as keyed hashes.
create table two_factor_recovery_codes (
  user_id uuid not null references users (id) on delete cascade,
  code_hash text not null,
  used_at timestamptz,
  primary key (user_id, code_hash)
);

-- One row per session (refresh-token family) for the device list: what the
-- browser said it was (bounded), where it was last seen, roughly when (the web
-- tier writes last_seen_at at most once every few minutes per session).
-- Whether the session still holds stays in refresh_tokens.
create table user_sessions (
  family_id uuid primary key,
  user_id uuid not null references users (id) on delete cascade,
  user_agent text,
  ip text,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now()
);
create index user_sessions_user_idx on user_sessions (user_id, created_at desc, family_id desc);
