import type { Context } from "hono";
import type { AuditActor } from "../lib/moderation/audit.ts";
import { clientIp } from "../middleware/rate_limit.ts";

/**
 * The signed-in user acting in this request, as the audit log records them:
 * id and name, the client's address (the proxy's last hop with TRUST_PROXY)
 * and the request id. Routes behind requireRole() only.
 */
export function auditActor(c: Context, options: { trustProxy: boolean }): AuditActor {
  const user = c.get("user")!;
  return {
    id: user.id,
    name: user.displayName,
    ip: clientIp(c, options),
    requestId: c.get("requestId"),
  };
}
