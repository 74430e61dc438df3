import type { Pool } from "pg";

export interface AuthorRow {
  id: string;
  name: string;
  bio: string | null;
}

export interface BookRow {
  id: string;
  title: string;
  author_id: string;
  published_year: number | null;
}

/** Thin data-access layer over the catalogue tables; every query is parameterised. */
export class Repo {
  constructor(private readonly pool: Pool) {}

  async authorById(id: string): Promise<AuthorRow | null> {
    const { rows } = await this.pool.query<AuthorRow>(
      "SELECT id, name, bio FROM authors WHERE id = $1",
      [id],
    );
    return rows[0] ?? null;
  }

  async books(limit: number, offset: number): Promise<BookRow[]> {
    const { rows } = await this.pool.query<BookRow>(
      "SELECT id, title, author_id, published_year FROM books ORDER BY title, id LIMIT $1 OFFSET $2",
      [limit, offset],
    );
    return rows;
  }

  async booksByAuthor(authorId: string): Promise<BookRow[]> {
    const { rows } = await this.pool.query<BookRow>(
      "SELECT id, title, author_id, published_year FROM books WHERE author_id = $1 ORDER BY published_year",
      [authorId],
    );
    return rows;
  }
}
