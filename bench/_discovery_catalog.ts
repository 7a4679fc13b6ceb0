/**
 * A generated catalogue for the discovery benchmark, built in a few SQL
 * statements (generate_series over word lists) so that 100,000 videos load in
 * seconds. Words are drawn with a Zipf-like skew (index = n · r^2.5), so a few
 * words are in most titles and most words are rare, as in real catalogues.
 */
import type { Sql } from "../lib/db/mod.ts";
import { normalizeTag } from "../lib/shared/tags.ts";

// Most frequent first: the skew makes the head common and the tail rare.
const WORDS = (
  "the how to and for with my in of a best new easy full guide tutorial review " +
  "video live music cooking recipe game gameplay part first day life travel vlog " +
  "beginners home quick top ultimate simple official episode week making homemade " +
  "guitar piano lesson lessons song cover challenge build workout training morning " +
  "night city trip walking tour street food bread pasta chicken soup cake chocolate " +
  "coffee garden plants camping hiking mountain beach ocean river lake forest snow " +
  "winter summer spring autumn rain storm sunset drone footage timelapse nature " +
  "wildlife birds cats dogs puppy kitten science physics chemistry biology space " +
  "planets stars rocket engine car bike motorcycle repair restoration woodworking " +
  "knitting sewing painting drawing watercolor portrait photography camera lens " +
  "editing premiere lighting studio podcast interview documentary history ancient " +
  "medieval castle museum architecture design interior minimalist apartment house " +
  "renovation kitchen bathroom tiny cabin van conversion budget money investing " +
  "stocks crypto startup business marketing productivity study tips learn language " +
  "spanish french japanese english grammar math algebra calculus statistics " +
  "programming python javascript rust database server linux windows laptop phone " +
  "unboxing setup comparison versus explained analysis theory lecture course " +
  "class exam school university student teacher kids family wedding birthday party " +
  "christmas halloween festival concert band drums bass violin jazz blues rock " +
  "classical orchestra choir dance ballet yoga meditation running marathon football " +
  "soccer basketball tennis golf swimming climbing skiing surfing skateboarding " +
  "fishing hunting survival bushcraft fire knife axe tools workshop garage " +
  "electronics arduino raspberry robot printer printing laser solar battery energy " +
  "electric vintage retro classic modern future ai machine learning neural network " +
  "data visualization chart map world europe asia africa america japan italy " +
  "france mexico india canada paris tokyo london rome berlin madrid lisbon prague " +
  "vienna café crème brûlée jalapeño piñata señor über naïve smörgåsbord fjord " +
  "tutorial unboxing asmr relaxing sleep ambient sounds piano rain thunder lofi " +
  "beats mix remix acoustic unplugged session rehearsal backstage behind scenes"
).split(" ");

const FIRST = (
  "Anna Ben Clara David Emma Felix Grace Hugo Iris Jonas Karin Leo Maya Noah Olga Paul " +
  "Rosa Sami Tara Umar Vera Walt Xenia Yuki Zoé Chloé José Björn Ines Amélie Nikolai"
).split(" ");
const LAST = (
  "Adams Berger Castillo Dubois Eriksen Fischer García Hansen Ito Jensen Kowalski Lopez " +
  "Müller Nakamura Olsen Petrov Quinn Rossi Schmidt Tanaka Usman Varga Weber Young Zhang"
).split(" ");

// Raw tags as creators type them; stored in their canonical form (the one tag rule).
const RAW_TAGS = [
  "Tutorial",
  "How To",
  "Music",
  "Cooking",
  "Recipe",
  "Travel",
  "Vlog",
  "Gaming",
  "Guitar",
  "Piano",
  "Beginners",
  "DIY",
  "Woodworking",
  "Science",
  "Space",
  "Nature",
  "Wildlife",
  "Photography",
  "Drone",
  "Timelapse",
  "Fitness",
  "Yoga",
  "Running",
  "Programming",
  "Python",
  "JavaScript",
  "Linux",
  "Machine Learning",
  "AI",
  "Electronics",
  "Arduino",
  "3D Printing",
  "Gardening",
  "Camping",
  "Hiking",
  "Food",
  "Baking",
  "Café",
  "Coffee",
  "Street Food",
  "History",
  "Documentary",
  "Podcast",
  "Interview",
  "Review",
  "Unboxing",
  "Tech",
  "Cars",
  "Motorcycles",
  "Repair",
  "Restoration",
  "Art",
  "Painting",
  "Drawing",
  "Watercolor",
  "Knitting",
  "Sewing",
  "Fashion",
  "Makeup",
  "Language Learning",
  "Spanish",
  "Japanese",
  "Math",
  "Physics",
  "Chemistry",
  "Biology",
  "Kids",
  "Family",
  "Pets",
  "Cats",
  "Dogs",
  "ASMR",
  "Relaxing",
  "Lo-Fi",
  "Jazz",
  "Rock",
  "Classical",
  "Live Concert",
  "Football",
  "Basketball",
  "Tennis",
  "Skateboarding",
  "Surfing",
  "Climbing",
  "Skiing",
  "Survival",
  "Bushcraft",
  "Van Life",
  "Tiny House",
  "Minimalism",
  "Productivity",
  "Investing",
  "Crypto",
  "Business",
  "Marketing",
  "Comedy",
  "Short Film",
  "Animation",
  "Crème Brûlée",
  "Über Cool",
  "São Paulo",
  "Zürich",
];

/** Canonical tags (normalizeTag), most used first. */
export const TAGS = [...new Set(RAW_TAGS.map((t) => normalizeTag(t)!))];

/** What was generated. */
export interface Catalog {
  videos: number;
  creators: number;
  listedPublic: number;
  viewEvents: number;
}

/**
 * Fills a migrated, empty database: `creators` users and `videos` videos
 * (≈ 85 % public, 8 % unlisted, 7 % private; ≈ 3 % failed and 2 % still
 * uploading), skewed view counts, ≈ 10 % uncategorised, and recent view
 * events for the trending shelf.
 */
export async function seedCatalog(
  sql: Sql,
  options: { videos: number; creators: number },
): Promise<Catalog> {
  await sql`
    insert into users (email, password_hash, display_name, created_at)
    select 'creator' || i || '@bench.test', 'x',
           (${FIRST}::text[])[1 + floor(random() * ${FIRST.length})::int] || ' ' ||
             (${LAST}::text[])[1 + floor(random() * ${LAST.length})::int] ||
             case when i % 3 = 0 then ' ' || i else '' end,
           now() - random() * interval '1500 days'
    from generate_series(1, ${options.creators}) i`;
  const zipf = (n: number) => sql`(1 + floor(power(random(), 2.5) * ${n})::int)`;
  await sql`
    with u as (select array_agg(id order by created_at) as ids from users),
         c as (select array_agg(slug order by position) as slugs from categories),
         g as (select i, random() as rv, random() as rs, random() as rc,
                      now() - power(random(), 1.5) * interval '1100 days' as at
               from generate_series(1, ${options.videos}) i)
    insert into videos (owner_id, title, description, tags, category, visibility, status,
                        duration_s, view_count, playable_at, created_at, published_at)
    select u.ids[1 + floor(power(random(), 2) * array_length(u.ids, 1))::int],
           initcap((select string_agg((${WORDS}::text[])[${zipf(WORDS.length)}], ' ')
                    from generate_series(1, 3 + g.i % 6))),
           (select string_agg((${WORDS}::text[])[${zipf(WORDS.length)}], ' ')
            from generate_series(1, 15 + (g.i * 7) % 50)),
           array(select distinct (${TAGS}::text[])[${zipf(TAGS.length)}]
                 from generate_series(1, 1 + (g.i * 3) % 6)),
           case when g.rc < 0.9 then c.slugs[1 + floor(g.rc / 0.9 * array_length(c.slugs, 1))::int]
           end,
           case when g.rv < 0.85 then 'public' when g.rv < 0.93 then 'unlisted' else 'private' end,
           case when g.rs < 0.03 then 'failed' when g.rs < 0.05 then 'uploading' else 'ready' end,
           10 + power(random(), 2) * 3600,
           floor(power(10, 6.5 * power(random(), 3)))::bigint,
           case when g.rs >= 0.05 then g.at + interval '5 minutes' end,
           g.at,
           case when g.rs >= 0.05 then g.at + interval '5 minutes' end
    from g, u, c`;
  // Views in the last two days for the trending shelf, skewed towards a few videos.
  const viewEvents = Math.round(options.videos / 2);
  await sql`
    with p as (select array_agg(id order by view_count desc) as ids from videos
               where visibility = 'public' and status = 'ready')
    insert into video_view_events (video_id, at)
    select p.ids[1 + floor(power(random(), 3) * array_length(p.ids, 1))::int],
           now() - random() * interval '48 hours'
    from p, generate_series(1, ${viewEvents})`;
  await sql`vacuum analyze`.catch(() => {});
  const [{ n }] = await sql<{ n: number }[]>`
    select count(*)::int as n from videos where visibility = 'public' and status = 'ready'`;
  return { videos: options.videos, creators: options.creators, listedPublic: n, viewEvents };
}
