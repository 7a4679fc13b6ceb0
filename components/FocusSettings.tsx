import { CsrfField } from "./CsrfField.tsx";

/** The settings page's focus-mode section: start the watch page in focus mode (works without JS). */
export function FocusSettings(props: { autoStart: boolean; saved?: boolean }) {
  return (
    <section class="form-card" id="focus" aria-labelledby="focus-settings-title">
      <h2 id="focus-settings-title">Focus mode</h2>
      <p class="muted">
        Focus mode shows only the video on a dimmed page. Your sessions are listed under{" "}
        <a href="/focus">Focus history</a>.
      </p>
      <form method="post" action="/settings/focus">
        <CsrfField />
        {props.saved && <p class="form-notice" role="status">Focus mode setting saved.</p>}
        <label class="checkbox">
          <input type="checkbox" name="autoStart" value="1" checked={props.autoStart} />{" "}
          Start videos in focus mode
        </label>
        <button class="button secondary" type="submit">Save</button>
      </form>
    </section>
  );
}
