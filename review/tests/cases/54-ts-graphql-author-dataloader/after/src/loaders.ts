import DataLoader from "dataloader";

import type { AuthorRow, Repo } from "./repo";

/**
 * Request-scoped batch loaders. Resolving `author` for a page of 100 books
 * issues one `authorsByIds` query instead of 100 `authorById` queries.
 *
 * Loaders cache for their whole lifetime, so create a fresh set per request
 * (see `buildContext`) and never share them between viewers.
 */
export interface Loaders {
  author: DataLoader<string, AuthorRow | null>;
}

export function createLoaders(repo: Repo): Loaders {
  return {
    author: new DataLoader<string, AuthorRow | null>(async (ids) => {
      const rows = await repo.authorsByIds(ids);
      const byId = new Map(rows.map((row) => [row.id, row]));
      // DataLoader requires one result per key, in the order of the keys.
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}
