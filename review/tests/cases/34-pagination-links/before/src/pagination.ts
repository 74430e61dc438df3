export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  totalItems: number;
  totalPages: number;
  hasPrevious: boolean;
  hasNext: boolean;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

export class PaginationError extends Error {
  readonly status = 400;
  constructor(message: string) {
    super(message);
    this.name = 'PaginationError';
  }
}

export function parsePageParams(query: Record<string, unknown>): { page: number; pageSize: number } {
  const page = query.page === undefined ? 1 : Number(query.page);
  const pageSize = query.pageSize === undefined ? DEFAULT_PAGE_SIZE : Number(query.pageSize);
  if (!Number.isInteger(page) || page < 1) {
    throw new PaginationError(`invalid page: ${String(query.page)}`);
  }
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new PaginationError(`pageSize must be an integer between 1 and ${MAX_PAGE_SIZE}`);
  }
  return { page, pageSize };
}

export function paginate<T>(items: readonly T[], page: number, pageSize: number): Page<T> {
  const totalItems = items.length;
  const totalPages = Math.max(1, Math.ceil(totalItems / pageSize));
  const start = (page - 1) * pageSize;
  const end = Math.min(start + pageSize, totalItems);
  return {
    items: items.slice(start, end),
    page,
    pageSize,
    totalItems,
    totalPages,
    hasPrevious: page > 1,
    hasNext: page < totalPages,
  };
}

/** Page numbers to show in a pager, centred on `current` where possible. */
export function pageWindow(current: number, totalPages: number, width = 5): number[] {
  const half = Math.floor(width / 2);
  let first = Math.max(1, current - half);
  const last = Math.min(totalPages, first + width - 1);
  first = Math.max(1, last - width + 1);
  const pages: number[] = [];
  for (let p = first; p <= last; p++) {
    pages.push(p);
  }
  return pages;
}
