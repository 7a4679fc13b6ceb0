-- Category-based access (the issue's "category roles", called access groups
-- here so that they are never confused with the topic categories of 0009):
-- admins keep a list of groups and give each user one; a video belongs to its
-- uploader's group at creation. With ENFORCE_CATEGORY_ACCESS on, a user sees
-- only their group's videos (lib/videos/access.ts). docs/DESIGN.md,
-- "Access groups (category-based access)".

create table access_groups (
  id serial primary key,
  name text not null check (name ~ '^[A-Za-z0-9][A-Za-z0-9 _-]{0,39}$'),
  created_at timestamptz not null default now()
);
create unique index access_groups_name_idx on access_groups (lower(name));
insert into access_groups (name)
values ('DEALER'), ('EMPLOYEE'), ('TECHNICIAN'), ('STAKEHOLDER'), ('INTERN'), ('VENDOR');

-- A group still held by a user cannot be removed (reassign them first); a
-- video whose group is removed keeps only its owner and admins.
alter table users add column access_group_id integer
  references access_groups (id) on delete restrict;
alter table videos add column access_group_id integer
  references access_groups (id) on delete set null;
create index users_access_group_idx on users (access_group_id, created_at desc, id desc);
create index videos_access_group_idx on videos (access_group_id);
-- Enforced, search's public branch and the lists walk one group's public videos, most viewed
-- first, and stop after a page (videos_public_views_idx, one group at a time).
create index videos_public_group_views_idx on videos (access_group_id, view_count desc, id)
  where visibility = 'public';

-- Set on insert from the uploader, whatever code path creates the video.
create function videos_access_group() returns trigger language plpgsql as $$
begin
  if new.access_group_id is null then
    select u.access_group_id into new.access_group_id from users u where u.id = new.owner_id;
  end if;
  return new;
end $$;
create trigger videos_access_group_trg before insert on videos
  for each row execute function videos_access_group();
