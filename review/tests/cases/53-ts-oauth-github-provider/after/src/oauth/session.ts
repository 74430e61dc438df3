import type { Request } from "express";

import { db } from "../db";

declare module "express-session" {
  interface SessionData {
    userId?: string;
    oauthState?: string;
    returnTo?: string;
  }
}

export interface ExternalProfile {
  id: string;
  email: string;
  name?: string;
}

function regenerate(req: Request): Promise<void> {
  return new Promise((resolve, reject) => {
    req.session.regenerate((err) => (err ? reject(err) : resolve()));
  });
}

/**
 * Links the provider identity to a local user (creating one on first sign-in)
 * and starts a fresh session for it, so that a pre-login session id cannot be
 * reused after authentication.
 */
export async function establishSession(
  req: Request,
  provider: string,
  profile: ExternalProfile,
): Promise<void> {
  const returnTo = req.session.returnTo;
  const user = await db.users.upsertByIdentity(provider, profile.id, {
    email: profile.email,
    name: profile.name ?? null,
  });
  await regenerate(req);
  req.session.userId = user.id;
  req.session.returnTo = returnTo;
}
