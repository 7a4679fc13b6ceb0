import type { LiveStatus } from "../islands/_StudioProgress.tsx";
import StudioLocalTimes from "../islands/StudioLocalTimes.tsx";
import StudioSelectAll from "../islands/StudioSelectAll.tsx";
import { formatBytes } from "../lib/shared/bytes.ts";
import { STUDIO_STATUS_FILTERS } from "../lib/shared/video_states.ts";
import { BULK_MAX } from "../lib/studio/bulk.ts";
import { STUDIO_SORTS, type StudioPage, type StudioQuery } from "../lib/studio/list.ts";
import type { PendingUpload } from "../lib/uploads/pending.ts";
import { CsrfField } from "./CsrfField.tsx";
import { StudioDate, StudioRow } from "./StudioRow.tsx";

const BULK_FORM = "studio-bulk";

/** What the studio list page shows. */
export interface StudioListProps {
  query: StudioQuery;
  page: StudioPage;
  statuses: LiveStatus[];
  posters: (string | null)[];
  pending: PendingUpload[];
  now: Date;
  notice?: string;
  error?: string;
}

/** A link to the list with `query` and `change` applied (filters kept across pages). */
function listHref(query: StudioQuery, change: Partial<StudioQuery>): string {
  const q = { ...query, ...change };
  const params = new URLSearchParams();
  if (q.status) params.set("status", q.status);
  if (q.visibility) params.set("visibility", q.visibility);
  if (q.q) params.set("q", q.q);
  if (q.sort !== "newest") params.set("sort", q.sort);
  if (q.cursor) params.set("cursor", q.cursor);
  const s = params.toString();
  return s ? `/studio?${s}` : "/studio";
}

/**
 * "My videos": unfinished uploads, the filters (status, visibility, search,
 * sort; a GET form), the bulk form (visibility or delete for the ticked rows)
 * and one page of rows with a link to the next. Works without JavaScript;
 * islands add select-all, copy-link, live progress and local dates.
 */
export function StudioList(props: StudioListProps) {
  const { query, page } = props;
  const filtered = !!(query.status || query.visibility || query.q);
  // One tab holds one event stream for at most five videos: the first five busy rows follow it.
  let live = 0;
  return (
    <section class="studio">
      <div class="studio-head">
        <h1>My videos</h1>
        <a class="button secondary" href="/studio/analytics">Analytics</a>
        <a class="button secondary" href="/studio/live">Go live</a>
        <a class="button" href="/upload">Upload</a>
      </div>
      {props.notice && <p class="form-notice" role="status">{props.notice}</p>}
      {props.error && <p class="form-error" role="alert">{props.error}</p>}
      {props.pending.length > 0 && <PendingUploads pending={props.pending} now={props.now} />}
      <form class="studio-filters" method="get" action="/studio" role="search">
        <label>
          <span>Search my videos</span>
          <input type="search" name="q" value={query.q ?? ""} maxLength={100} />
        </label>
        <label>
          <span>Status</span>
          <select name="status">
            <option value="">Any status</option>
            {Object.entries(STUDIO_STATUS_FILTERS).map(([key, f]) => (
              <option key={key} value={key} selected={query.status === key}>{f.label}</option>
            ))}
          </select>
        </label>
        <label>
          <span>Visibility</span>
          <select name="visibility">
            <option value="">Any visibility</option>
            {(["public", "unlisted", "private"] as const).map((v) => (
              <option key={v} value={v} selected={query.visibility === v}>{v}</option>
            ))}
          </select>
        </label>
        <label>
          <span>Sort</span>
          <select name="sort">
            {Object.entries(STUDIO_SORTS).map(([key, label]) => (
              <option key={key} value={key} selected={query.sort === key}>{label}</option>
            ))}
          </select>
        </label>
        <button class="button secondary" type="submit">Show</button>
      </form>
      {page.videos.length === 0
        ? (
          <p class="muted">
            {filtered ? "No videos match. " : "No videos yet. Upload your first one."}
            {filtered && <a href="/studio">Show all my videos</a>}
          </p>
        )
        : (
          <>
            <form id={BULK_FORM} class="studio-bulk" method="post" action="/studio/bulk">
              <CsrfField />
              <StudioSelectAll formId={BULK_FORM} />
              <label>
                <span>With the selected videos</span>
                <select name="do">
                  <option value="public">Make public</option>
                  <option value="unlisted">Make unlisted</option>
                  <option value="private">Make private</option>
                  <option value="delete">Delete…</option>
                </select>
              </label>
              <button class="button secondary" type="submit">Apply</button>
              <span class="muted">Up to {BULK_MAX} at a time.</span>
            </form>
            <ul class="studio-list">
              {page.videos.map((v, i) => (
                <StudioRow
                  key={v.id}
                  video={v}
                  posterUrl={props.posters[i]}
                  status={props.statuses[i]}
                  now={props.now}
                  live={props.statuses[i].stage !== null && live++ < 5}
                  formId={BULK_FORM}
                />
              ))}
            </ul>
          </>
        )}
      <nav class="pager" aria-label="More videos">
        {query.cursor && <a href={listHref(query, { cursor: undefined })}>← First page</a>}
        {page.next && <a href={listHref(query, { cursor: page.next })}>Next page →</a>}
      </nav>
      <StudioLocalTimes />
    </section>
  );
}

function PendingUploads(props: { pending: PendingUpload[]; now: Date }) {
  return (
    <section class="studio-pending" aria-labelledby="studio-pending-title">
      <h2 id="studio-pending-title">Unfinished uploads</h2>
      <ul>
        {props.pending.map((u) => (
          <li key={u.uploadId}>
            <span class="studio-pending-name">{u.filename || "Untitled file"}</span>
            <span class="muted">
              {formatBytes(u.received)} of {formatBytes(u.size)} sent · expires{" "}
              <StudioDate at={u.expiresAt} now={props.now} />
            </span>
            <span class="studio-pending-actions">
              <a class="button secondary" href={`/upload?resume=${u.uploadId}`}>Resume</a>
              <a class="danger-link" href={`/studio/delete?ids=${u.videoId}`}>Discard</a>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
