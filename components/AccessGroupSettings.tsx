import { countText } from "../lib/shared/social.ts";
import type { AccessGroup } from "../lib/access_groups/groups.ts";
import { CsrfField } from "./CsrfField.tsx";

const DONE: Record<string, string> = {
  added: "Access group added.",
  renamed: "Access group renamed.",
  removed: "Access group removed.",
};

/**
 * /admin/settings' list of access groups (the issue's category roles): add,
 * rename, remove (only one nobody holds). Says whether they are enforced
 * (ENFORCE_CATEGORY_ACCESS) or informational.
 */
export function AccessGroupSettings(
  props: { groups: AccessGroup[]; enforced: boolean; done?: string },
) {
  const notice = props.done ? DONE[props.done] : undefined;
  return (
    <section class="form-card access-groups" id="access-groups" aria-labelledby="access-groups-h">
      <h2 id="access-groups-h">Access groups</h2>
      <p class="muted">
        Each user has one access group (category role); a video belongs to its uploader's group.
        {" "}
        {props.enforced
          ? "Enforced: users see, search and play only their group's videos and their own; admins see everything; signed-out visitors see nothing."
          : "Informational: ENFORCE_CATEGORY_ACCESS is off, so groups do not limit what anyone sees."}
      </p>
      {notice && <p class="form-notice" role="status">{notice}</p>}
      <ul class="access-group-list">
        {props.groups.map((g) => (
          <li key={g.id} class="access-group-item">
            <form method="post" action={`/admin/access-groups/${g.id}/rename`} class="admin-row">
              <CsrfField />
              <label class="visually-hidden" for={`ag-${g.id}`}>Name of {g.name}</label>
              <input
                id={`ag-${g.id}`}
                type="text"
                name="name"
                value={g.name}
                maxLength={40}
                required
              />
              <button class="button small secondary" type="submit">Rename</button>
            </form>
            <span class="muted">{countText(g.members, "user")}</span>
            <form method="post" action={`/admin/access-groups/${g.id}/remove`} class="admin-row">
              <CsrfField />
              <button
                class="button small danger"
                type="submit"
                disabled={g.members > 0}
                title={g.members > 0 ? "Give its users another group first" : undefined}
              >
                Remove <span class="visually-hidden">{g.name}</span>
              </button>
            </form>
          </li>
        ))}
      </ul>
      <form method="post" action="/admin/access-groups" class="admin-row">
        <CsrfField />
        <label for="ag-new">New access group</label>
        <input
          id="ag-new"
          type="text"
          name="name"
          maxLength={40}
          required
          placeholder="e.g. PARTNER"
        />
        <button class="button secondary" type="submit">Add</button>
      </form>
    </section>
  );
}
