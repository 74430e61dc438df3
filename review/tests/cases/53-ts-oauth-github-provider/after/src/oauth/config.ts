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
    github: {
      name: "github",
      authorizeUrl: "https://github.com/login/oauth/authorize",
      tokenUrl: "https://github.com/login/oauth/access_token",
      userInfoUrl: "https://api.github.com/user",
      clientId: process.env.GITHUB_CLIENT_ID ?? "Iv1.8a61f9b3a7aba766",
      clientSecret: process.env.GITHUB_CLIENT_SECRET ?? "1ae4c0f2d7b95e38c6a0f41d29b7e5c83f6d0a17",
      scopes: ["read:user", "user:email"],
    },
  };
}

/** Public origin of this app, used to build redirect URIs. */
export const CALLBACK_BASE = process.env.PUBLIC_URL ?? "http://localhost:3000";
