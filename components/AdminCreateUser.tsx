import { ROLES } from "../lib/auth/types.ts";
import { CsrfField } from "./CsrfField.tsx";

/**
 * "Create a user" on /admin/users: email, display name and role; the person
 * gets a mail with a link to choose their password (how a closed-registration
 * instance gets accounts).
 */
export function AdminCreateUser() {
  return (
    <section class="admin-section">
      <h2>Create a user</h2>
      <p class="muted">
        They get an email with a link to choose their password (it works for 7 days).
      </p>
      <form id="create-user" method="post" action="/admin/users" class="admin-form-grid">
        <CsrfField />
        <label>
          Email
          <input type="email" name="email" maxLength={254} required autocomplete="off" />
        </label>
        <label>
          Display name
          <input type="text" name="displayName" maxLength={50} required />
        </label>
        <label>
          Role
          <select name="role">
            {ROLES.map((r) => <option key={r} value={r} selected={r === "creator"}>{r}</option>)}
          </select>
        </label>
        <button class="button" type="submit">Create the account</button>
      </form>
    </section>
  );
}
