export interface ProviderConfig {
  name: string;
  authorizeUrl: string;
  tokenUrl: string;
  userInfoUrl: string;
  clientId: string;
  clientSecret: string;
  scopes: string[];
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`missing required environment variable ${name}`);
  }
  return value;
}

/** The OAuth providers users can sign in with, keyed by the name used in routes. */
export function loadProviders(): Record<string, ProviderConfig> {
  return {
    google: {
      name: "google",
      authorizeUrl: "https://accounts.google.com/o/oauth2/v2/auth",
      tokenUrl: "https://oauth2.googleapis.com/token",
      userInfoUrl: "https://openidconnect.googleapis.com/v1/userinfo",
      clientId: required("GOOGLE_CLIENT_ID"),
      clientSecret: required("GOOGLE_CLIENT_SECRET"),
      scopes: ["openid", "email", "profile"],
    },
  };
}

/** Public origin of this app, used to build redirect URIs. */
export const CALLBACK_BASE = process.env.PUBLIC_URL ?? "http://localhost:3000";
