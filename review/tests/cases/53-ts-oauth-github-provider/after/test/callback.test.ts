import express from "express";
import session from "express-session";
import request from "supertest";
import { beforeEach, describe, expect, it, vi } from "vitest";

import { callbackHandler } from "../src/oauth/callback";
import type { ProviderConfig } from "../src/oauth/config";

vi.mock("../src/oauth/session", () => ({ establishSession: vi.fn(async () => {}) }));

const google: ProviderConfig = {
  name: "google",
  authorizeUrl: "https://idp.test/authorize",
  tokenUrl: "https://idp.test/token",
  userInfoUrl: "https://idp.test/userinfo",
  clientId: "client",
  clientSecret: "secret",
  scopes: ["openid"],
};

const github: ProviderConfig = {
  ...google,
  name: "github",
  tokenUrl: "https://gh.test/token",
  userInfoUrl: "https://gh.test/user",
};

function app(sessionData: { oauthState?: string; returnTo?: string } = {}) {
  const a = express();
  a.use(session({ secret: "test", resave: false, saveUninitialized: true }));
  a.use((req, _res, next) => {
    Object.assign(req.session, sessionData);
    next();
  });
  a.get("/auth/:provider/callback", callbackHandler({ google, github }));
  return a;
}

describe("OAuth callback", () => {
  beforeEach(() => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async (url: string) =>
        Response.json(url.endsWith("/token") ? { access_token: "at", token_type: "Bearer" } : { sub: "42", email: "a@b.test" }),
      ),
    );
  });

  it("rejects unknown providers", async () => {
    const res = await request(app({ oauthState: "s" })).get("/auth/okta/callback?code=c&state=s");
    expect(res.status).toBe(404);
  });

  it("rejects a mismatched state", async () => {
    const res = await request(app({ oauthState: "s" })).get("/auth/google/callback?code=c&state=evil");
    expect(res.status).toBe(400);
  });

  it("signs in and redirects to a relative returnTo", async () => {
    const res = await request(app({ oauthState: "s", returnTo: "/settings" })).get("/auth/google/callback?code=c&state=s");
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe("/settings");
  });

  it("ignores an absolute returnTo", async () => {
    const res = await request(app({ oauthState: "s", returnTo: "https://evil.test/" })).get("/auth/google/callback?code=c&state=s");
    expect(res.headers.location).toBe("/");
  });

  it("accepts GitHub profiles that use id instead of sub", async () => {
    vi.stubGlobal(
      "fetch",
      vi.fn(async (url: string) =>
        Response.json(url.endsWith("/token") ? { access_token: "at", token_type: "bearer" } : { id: 7, login: "octo", email: "o@gh.test" }),
      ),
    );
    const res = await request(app({ oauthState: "s" })).get("/auth/github/callback?code=c&state=s");
    expect(res.status).toBe(302);
  });
});
