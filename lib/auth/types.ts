/** The roles, least to most privileged. */
export const ROLES = ["viewer", "creator", "moderator", "admin"] as const;

/**
 * What a user may do: watch, also upload, also review videos and handle reports
 * (moderator), also manage users and settings (admin).
 */
export type Role = typeof ROLES[number];

/** The signed-in user as the web tier sees it on every request. */
export type SessionUser = {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  /** The access group (category role) an admin gave them; null: none. */
  accessGroupId: number | null;
  /** Premium now (lib/billing/entitlement.ts): may watch premium-only videos. */
  premium?: boolean;
};

/** A user's public profile: what anyone may see. */
export interface PublicProfile {
  id: string;
  displayName: string;
  bio: string;
  role: Role;
  avatarKey: string | null;
  createdAt: Date;
}

/** Tokens handed out at sign-in and at each refresh. */
export interface SessionTokens {
  accessToken: string;
  /** Unix seconds. */
  accessExpiresAt: number;
  refreshToken: string;
  /** Unix seconds. */
  refreshExpiresAt: number;
}
