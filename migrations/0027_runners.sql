-- Remote runners (docs/DESIGN.md, "Remote runners"): tokens an admin issues to
-- `deno task runner` processes on other hosts. Only a SHA-256 of each token is
-- kept; a runner claims jobs of the listed kinds through the web tier until its
-- token is revoked. Jobs it holds carry worker_id 'runner:{token id}:{name}'.
create table runner_tokens (
  id uuid primary key default gen_random_uuid(),
  name text not null check (char_length(name) between 1 and 80),
  token_hash text not null unique,
  kinds text[] not null,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  last_seen_at timestamptz,
  revoked_at timestamptz
);
create index runner_tokens_created_idx on runner_tokens (created_at desc);
