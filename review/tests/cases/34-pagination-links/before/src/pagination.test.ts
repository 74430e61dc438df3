import { describe, expect, it } from 'vitest';
import { pageWindow, paginate, PaginationError, parsePageParams } from './pagination';

const items = Array.from({ length: 45 }, (_, i) => i + 1);
const empty: number[] = [];

describe('parsePageParams', () => {
  it('defaults to the first page', () => {
    expect(parsePageParams({})).toEqual({ page: 1, pageSize: 20 });
  });

  it('rejects page 0 and oversized pages', () => {
    expect(() => parsePageParams({ page: '0' })).toThrow(PaginationError);
    expect(() => parsePageParams({ pageSize: '101' })).toThrow(PaginationError);
  });
});

describe('paginate', () => {
  it('returns a middle page', () => {
    const page = paginate(items, 2, 20);
    expect(page.items[0]).toBe(21);
    expect(page.items).toHaveLength(20);
    expect(page.hasPrevious).toBe(true);
    expect(page.hasNext).toBe(true);
  });

  it('returns a short last page with no next page', () => {
    const page = paginate(items, 3, 20);
    expect(page.items).toEqual([41, 42, 43, 44, 45]);
    expect(page.totalPages).toBe(3);
    expect(page.hasNext).toBe(false);
  });

  it('handles an empty list', () => {
    const page = paginate(empty, 1, 20);
    expect(page.items).toEqual([]);
    expect(page.totalPages).toBe(1);
  });
});

describe('pageWindow', () => {
  it('centres on the current page', () => {
    expect(pageWindow(5, 10)).toEqual([3, 4, 5, 6, 7]);
  });

  it('clamps at both ends', () => {
    expect(pageWindow(1, 10)).toEqual([1, 2, 3, 4, 5]);
    expect(pageWindow(10, 10)).toEqual([6, 7, 8, 9, 10]);
    expect(pageWindow(2, 3)).toEqual([1, 2, 3]);
  });
});
