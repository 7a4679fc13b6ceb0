-- Accounts by mail: email verification, password reset, email change.
-- Accounts that existed before verification was introduced count as verified
-- (their owners could upload yesterday; they must still be able to today).
-- A mailed token is stored only as its SHA-256: the link in the mail is the
-- only copy of the token itself.

alter table users add column email_verified_at timestamptz;
update users set email_verified_at = created_at;

create table account_tokens (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references users (id) on delete cascade,
  purpose text not null check (purpose in ('verify', 'reset', 'email_change')),
  token_hash text not null unique,
  -- For 'email_change': the address the account moves to once confirmed.
  new_email text,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  used_at timestamptz
);
create index account_tokens_user_idx on account_tokens (user_id, purpose);
create index account_tokens_expiry_idx on account_tokens (expires_at);
