export interface Query {
  page: number;
  perPage: number;
  sort?: string;
  tags: string[];
}

export function parseQuery(search: string): Query {
  const params = new URLSearchParams(search);
  const page = Math.max(1, Number.parseInt(params.get("page") ?? "1", 10) || 1);
  const perPage = Math.min(100, Number.parseInt(params.get("per_page") ?? "20", 10) || 20);
  const sort = params.get("sort") ?? undefined;
  const tags = params.getAll("tag").filter((t) => t.length > 0);
  return sort === undefined ? { page, perPage, tags } : { page, perPage, sort, tags };
}
