-- The server's own record of the parts of each upload: the browser reports
-- every part it stored (S3-compatible servers do not all offer ListParts), and
-- completion checks the record against the declared size.
create table upload_parts (
  upload_id uuid not null references uploads (id) on delete cascade,
  part_number integer not null check (part_number between 1 and 10000),
  size bigint not null check (size >= 0),
  etag text not null,
  created_at timestamptz not null default now(),
  primary key (upload_id, part_number)
);

alter table uploads add column filename text not null default '';
alter table uploads add column mime_type text not null default 'application/octet-stream';
alter table uploads add column completed_at timestamptz;
