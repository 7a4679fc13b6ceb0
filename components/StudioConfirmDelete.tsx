import { CsrfField } from "./CsrfField.tsx";

/**
 * "Delete these videos?": the confirmation every delete from the studio list
 * passes through (a row's Delete, a bulk delete, discarding an unfinished
 * upload), as a form that posts the same ids with `confirm=yes`.
 */
export function StudioConfirmDelete(props: { videos: { id: string; title: string }[] }) {
  const n = props.videos.length;
  return (
    <section class="form-card danger-zone studio-confirm">
      <h1>{n === 1 ? "Delete this video?" : `Delete these ${n} videos?`}</h1>
      <ul>
        {props.videos.map((v) => <li key={v.id}>{v.title || "Untitled"}</li>)}
      </ul>
      <p>
        {n === 1 ? "It goes" : "They go"} with all {n === 1 ? "its" : "their"}{" "}
        files, views, likes and comments. This cannot be undone.
      </p>
      <form method="post" action="/studio/bulk">
        <CsrfField />
        <input type="hidden" name="do" value="delete" />
        <input type="hidden" name="confirm" value="yes" />
        {props.videos.map((v) => <input key={v.id} type="hidden" name="ids" value={v.id} />)}
        <p class="actions">
          <button class="button danger" type="submit">
            {n === 1 ? "Delete video" : `Delete ${n} videos`}
          </button>
          <a class="button secondary" href="/studio">Keep {n === 1 ? "it" : "them"}</a>
        </p>
      </form>
    </section>
  );
}
