import { GraphQLError } from "graphql";

import type { Context } from "./context";
import type { AuthorRow, BookRow } from "./repo";

const MAX_PAGE = 100;

export const resolvers = {
  Query: {
    books: (_: unknown, args: { first?: number; offset?: number }, ctx: Context) => {
      const first = args.first ?? 20;
      if (first < 1 || first > MAX_PAGE) {
        throw new GraphQLError(`first must be between 1 and ${MAX_PAGE}`, {
          extensions: { code: "BAD_USER_INPUT" },
        });
      }
      return ctx.repo.books(first, Math.max(0, args.offset ?? 0));
    },
    author: (_: unknown, args: { id: string }, ctx: Context) => ctx.repo.authorById(args.id),
  },

  Book: {
    publishedYear: (book: BookRow) => book.published_year,
    author: (book: BookRow, _: unknown, ctx: Context) => ctx.repo.authorById(book.author_id),
  },

  Author: {
    books: (author: AuthorRow, _: unknown, ctx: Context) => ctx.repo.booksByAuthor(author.id),
  },
};
