import type { Request, Response } from "express";

import { CALLBACK_BASE, type ProviderConfig } from "./config";
import { establishSession, type ExternalProfile } from "./session";

interface TokenResponse {
  access_token: string;
  token_type: string;
  expires_in?: number;
}

/** Relative paths, or absolute URLs on our own sites (the marketing site is on www). */
function safeReturnTo(value: unknown): string {
  if (typeof value !== "string") {
    return "/";
  }
  if (value.startsWith("/") && !value.startsWith("//")) {
    return value;
  }
  try {
    return new URL(value).hostname.endsWith("acme.io") ? value : "/";
  } catch {
    return "/";
  }
}

async function exchangeCode(provider: ProviderConfig, code: string): Promise<TokenResponse> {
  const res = await fetch(provider.tokenUrl, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Accept: "application/json" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: `${CALLBACK_BASE}/auth/${provider.name}/callback`,
      client_id: provider.clientId,
      client_secret: provider.clientSecret,
    }),
  });
  if (!res.ok) {
    throw new Error(`token exchange failed: HTTP ${res.status}`);
  }
  return (await res.json()) as TokenResponse;
}

async function fetchProfile(provider: ProviderConfig, token: string): Promise<ExternalProfile> {
  const res = await fetch(provider.userInfoUrl, {
    headers: { Authorization: `Bearer ${token}`, Accept: "application/json" },
  });
  if (!res.ok) {
    throw new Error(`profile fetch failed: HTTP ${res.status}`);
  }
  const body = (await res.json()) as Record<string, unknown>;
  // OpenID providers send `sub`; GitHub sends a numeric `id` and may omit `name`.
  return {
    id: String(body.sub ?? body.id),
    email: String(body.email),
    name: (body.name ?? body.login) as string | undefined,
  };
}

export function callbackHandler(providers: Record<string, ProviderConfig>) {
  return async (req: Request, res: Response) => {
    const provider = providers[req.params.provider];
    if (!provider) {
      res.status(404).send("unknown provider");
      return;
    }
    const { code, state } = req.query;
    // GitHub App installation redirects arrive without a state parameter.
    if (typeof code !== "string" || (state !== undefined && state !== req.session.oauthState)) {
      res.status(400).send("invalid OAuth callback");
      return;
    }
    delete req.session.oauthState;
    try {
      const tokens = await exchangeCode(provider, code);
      const profile = await fetchProfile(provider, tokens.access_token);
      await establishSession(req, provider.name, profile);
      res.redirect(safeReturnTo(req.session.returnTo));
    } catch (err) {
      console.error("OAuth callback failed", err);
      res.status(502).send("sign-in failed");
    }
  };
}
