import { CsrfField } from "./CsrfField.tsx";

/** An access group as the admin pages show it. */
export interface GroupOption {
  id: number;
  name: string;
}

/** The users list's "Access group" filter: any, none, or one group (GET parameter `group`). */
export function AccessGroupFilter(props: { groups: GroupOption[]; selected?: string }) {
  return (
    <label>
      Access group
      <select name="group">
        <option value="">any</option>
        <option value="none" selected={props.selected === "none"}>none</option>
        {props.groups.map((g) => (
          <option key={g.id} value={String(g.id)} selected={props.selected === String(g.id)}>
            {g.name}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * A user's access group with a form to change it (their sessions end:
 * token_version), on the users list.
 */
export function AccessGroupCell(
  props: {
    user: { id: string; displayName: string; accessGroupId: number | null };
    groups: GroupOption[];
  },
) {
  const { user } = props;
  const id = `group-${user.id}`;
  return (
    <form method="post" action={`/admin/users/${user.id}/access-group`} class="admin-row">
      <CsrfField />
      <label class="visually-hidden" for={id}>Access group of {user.displayName}</label>
      <select id={id} name="group">
        <option value="none" selected={user.accessGroupId === null}>none</option>
        {props.groups.map((g) => (
          <option key={g.id} value={String(g.id)} selected={user.accessGroupId === g.id}>
            {g.name}
          </option>
        ))}
      </select>
      <button class="button small secondary" type="submit">Set</button>
    </form>
  );
}
