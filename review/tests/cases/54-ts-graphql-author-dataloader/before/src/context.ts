import type { IncomingHttpHeaders } from "node:http";

import type { Pool } from "pg";

import { Repo } from "./repo";

export interface Context {
  repo: Repo;
  /** The signed-in user's id, or null for anonymous requests. */
  viewerId: string | null;
}

function viewerFrom(headers: IncomingHttpHeaders): string | null {
  const value = headers["x-viewer-id"];
  return typeof value === "string" && value.length > 0 ? value : null;
}

/**
 * Builds the per-request context. The gateway in front of this service has
 * already authenticated the request and forwards the viewer id as a header.
 */
export function buildContext(pool: Pool, headers: IncomingHttpHeaders): Context {
  return {
    repo: new Repo(pool),
    viewerId: viewerFrom(headers),
  };
}
