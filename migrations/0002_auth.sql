-- Accounts: profile text, bans, and rotating refresh tokens.
-- A refresh token is stored only as its SHA-256; tokens rotated from one
-- sign-in share a family so that reuse of a rotated token can end them all.

alter table users add column bio text not null default '';
alter table users add column banned_at timestamptz;
alter table users add column ban_reason text;

create table refresh_tokens (
  id uuid primary key default gen_random_uuid(),
  family_id uuid not null,
  user_id uuid not null references users (id) on delete cascade,
  token_hash text not null unique,
  token_version integer not null,
  user_agent text,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz,
  revoked_at timestamptz
);
create index refresh_tokens_family_idx on refresh_tokens (family_id);
create index refresh_tokens_user_idx on refresh_tokens (user_id) where revoked_at is null;
create index refresh_tokens_expiry_idx on refresh_tokens (expires_at);
