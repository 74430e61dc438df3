import { describe, expect, it, vi } from "vitest";

import type { Context } from "../src/context";
import type { Repo } from "../src/repo";
import { resolvers } from "../src/resolvers";

function context(repo: Partial<Repo>): Context {
  return { repo: repo as Repo, viewerId: null };
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
  it("looks the author up by the book's author_id", async () => {
    const authorById = vi.fn(async (id: string) => ({ id, name: "Le Guin", bio: null }));
    const book = { id: "b1", title: "The Dispossessed", author_id: "a1", published_year: 1974 };
    const author = await resolvers.Book.author(book, undefined, context({ authorById }));
    expect(author?.name).toBe("Le Guin");
    expect(authorById).toHaveBeenCalledWith("a1");
  });
});
