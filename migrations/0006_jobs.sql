-- One generic job system in Postgres (lib/queue/). A job's state, progress and
-- error live only here; transcode_jobs becomes a view over the transcode jobs.

create table jobs (
  id uuid primary key default gen_random_uuid(),
  kind text not null,
  payload jsonb not null default '{}',
  state text not null default 'ready'
    check (state in ('ready', 'running', 'succeeded', 'dead', 'cancelled')),
  priority integer not null default 0,
  -- Whose work this is ('system' for sweeps and other housekeeping): fairness and
  -- per-owner concurrency are decided on it.
  owner_id text not null default 'system',
  -- The video a job works on, if any: cancelling by video goes through an index.
  -- A deleted video's jobs stay as history (a running one settles as cancelled).
  video_id uuid references videos (id) on delete set null,
  -- What the job costs to run (transcode: width × height × fps × seconds).
  cost double precision,
  dedupe_key text,
  attempts integer not null default 0,
  max_attempts integer not null default 3,
  run_at timestamptz not null default now(),
  time_limit_ms bigint,
  worker_id text,
  lease_token uuid,
  lease_expires_at timestamptz,
  cancel_requested boolean not null default false,
  progress real not null default 0,
  error text,
  created_at timestamptz not null default now(),
  started_at timestamptz,
  finished_at timestamptz
);
-- Claims walk the owners with ready work (a skip scan), then each owner's best jobs.
create index jobs_ready_idx on jobs (owner_id, priority desc, run_at) where state = 'ready';
create index jobs_running_idx on jobs (lease_expires_at) where state = 'running';
create unique index jobs_dedupe_idx on jobs (dedupe_key) where state in ('ready', 'running');
create index jobs_video_idx on jobs (video_id, created_at desc) where video_id is not null;
create index jobs_finished_idx on jobs (finished_at desc)
  where state in ('succeeded', 'dead', 'cancelled');

-- When each owner last had a job started: ready jobs of the owner served longest
-- ago go first.
create table job_owners (
  owner_id text primary key,
  last_served_at timestamptz not null
);

-- Recurring jobs: whoever moves next_run_at forward (a conditional UPDATE) runs
-- that slot, so several workers never run one slot twice.
create table job_schedules (
  name text primary key,
  every_ms bigint not null check (every_ms > 0),
  next_run_at timestamptz not null,
  last_run_at timestamptz
);

-- Carry over the old mirror: work still queued or running goes back to ready
-- (the KV ledger it came from is no longer read), the rest is history.
insert into jobs (id, kind, payload, state, owner_id, video_id, dedupe_key, attempts, progress,
                  error, worker_id, created_at, started_at, finished_at)
select t.id, 'transcode', jsonb_build_object('videoId', t.video_id),
       case when t.status in ('queued', 'running') then 'ready'
            when t.status = 'failed' then 'dead' else t.status end,
       v.owner_id::text, t.video_id,
       case when t.status in ('queued', 'running') then 'transcode:' || t.video_id end,
       t.attempts, t.progress, t.error, t.worker_id, t.created_at, t.started_at, t.finished_at
from (
  select *, row_number() over (partition by video_id, status in ('queued', 'running')
                               order by created_at desc) as n
  from transcode_jobs
) t
join videos v on v.id = t.video_id
where t.n = 1 or t.status not in ('queued', 'running');

drop table transcode_jobs;

create view transcode_jobs as
select id, video_id, kind,
       case state when 'ready' then 'queued' else state end as status,
       attempts, worker_id, progress, error, created_at, started_at, finished_at
from jobs where kind = 'transcode';
