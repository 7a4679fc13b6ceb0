/** The studio tests' starting point: an app and two signed-in members, an owner and another. */
import { createApp } from "../../app.ts";
import { signUpMember } from "./community.ts";
import { openTestServices } from "./services.ts";

/** Test services, the app on them, and two members: `owner` and `other`. */
export async function studioApp() {
  const services = await openTestServices();
  const app = createApp(services, { rateLimits: { auth: 1000 } });
  const owner = await signUpMember(app, "Owner");
  const other = await signUpMember(app, "Other");
  return { services, sql: services.db.sql, app, owner, other };
}
