-- Premium (docs/DESIGN.md, "Premium"): paid subscriptions through Stripe,
-- premium-only videos and the creators' share of premium revenue.

-- The user's tier, kept in step with their subscriptions by lib/billing/
-- (webhooks and reconciliation, in the same transaction as the subscription).
-- premium_until: when a premium tier stops counting even if no event arrives
-- (the period's end plus a grace); null for 'free' and for 'creator' (granted).
alter table users
  add column tier text not null default 'free' check (tier in ('free', 'premium', 'creator')),
  add column premium_until timestamptz,
  add column stripe_customer_id text unique;

-- Premium-only videos: the page stays public, the media needs a subscription.
alter table videos add column premium boolean not null default false;

create table subscriptions (
  stripe_subscription_id text primary key,
  user_id uuid not null references users (id) on delete cascade,
  stripe_customer_id text not null,
  plan text not null check (plan in ('monthly', 'yearly', 'other')),
  -- Stripe's own status (active, trialing, past_due, unpaid, canceled, incomplete…).
  status text not null,
  cancel_at_period_end boolean not null default false,
  current_period_end timestamptz,
  -- The newest state applied (a Stripe event's `created`, or a reconciliation's
  -- read time): an older event never overwrites a newer state.
  event_at timestamptz not null,
  payment_failed_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index subscriptions_user_idx on subscriptions (user_id);

-- Webhook events already applied: a replay is answered without effect.
create table billing_events (
  id text primary key,
  type text not null,
  created_at timestamptz not null,
  received_at timestamptz not null default now()
);

-- Paid invoices: the premium revenue the creators' pool is a share of.
create table billing_payments (
  invoice_id text primary key,
  user_id uuid references users (id) on delete set null,
  amount_cents bigint not null check (amount_cents >= 0),
  currency text not null,
  paid_at timestamptz not null
);
create index billing_payments_paid_idx on billing_payments (paid_at);
