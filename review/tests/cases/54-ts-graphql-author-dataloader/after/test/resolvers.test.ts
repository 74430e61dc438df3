import { describe, expect, it, vi } from "vitest";

import type { Context } from "../src/context";
import { createLoaders } from "../src/loaders";
import type { Repo } from "../src/repo";
import { resolvers } from "../src/resolvers";

function context(partial: Partial<Repo>): Context {
  const repo = partial as Repo;
  return { repo, loaders: createLoaders(repo), viewerId: null };
}

describe("Query.books", () => {
  it("defaults to 20 books from offset 0", async () => {
    const books = vi.fn(async () => []);
    await resolvers.Query.books(undefined, {}, context({ books }));
    expect(books).toHaveBeenCalledWith(20, 0);
  });

  it("rejects oversized pages", () => {
    const ctx = context({ books: vi.fn() });
    expect(() => resolvers.Query.books(undefined, { first: 101 }, ctx)).toThrow(/between 1 and 100/);
  });

  it("clamps negative offsets to zero", async () => {
    const books = vi.fn(async () => []);
    await resolvers.Query.books(undefined, { first: 5, offset: -3 }, context({ books }));
    expect(books).toHaveBeenCalledWith(5, 0);
  });
});

describe("Book.author", () => {
  const book = (id: string, authorId: string) => ({ id, title: id, author_id: authorId, published_year: null });

  it("looks the author up by the book's author_id", async () => {
    const authorsByIds = vi.fn(async (ids: readonly string[]) => ids.map((id) => ({ id, name: "Le Guin", bio: null })));
    const author = await resolvers.Book.author(book("b1", "a1"), undefined, context({ authorsByIds }));
    expect(author?.name).toBe("Le Guin");
    expect(authorsByIds).toHaveBeenCalledWith(["a1"]);
  });

  it("batches the lookups for a page of books into one query", async () => {
    const authorsByIds = vi.fn(async (ids: readonly string[]) =>
      ids.filter((id) => id !== "gone").map((id) => ({ id, name: id.toUpperCase(), bio: null })),
    );
    const ctx = context({ authorsByIds });
    const books = [book("b1", "a1"), book("b2", "a2"), book("b3", "a1"), book("b4", "gone")];
    const authors = await Promise.all(books.map((b) => resolvers.Book.author(b, undefined, ctx)));
    expect(authors.map((a) => a?.name ?? null)).toEqual(["A1", "A2", "A1", null]);
    expect(authorsByIds).toHaveBeenCalledTimes(1);
    expect(authorsByIds).toHaveBeenCalledWith(["a1", "a2", "gone"]);
  });
});
