import { describe, expect, it } from 'vitest';
import { pageLinks, pageWindow, paginate, PaginationError, parsePageParams } from './pagination';

const items = Array.from({ length: 45 }, (_, i) => i + 1);
const empty: number[] = [];

describe('parsePageParams', () => {
  it('defaults to the first page', () => {
    expect(parsePageParams({})).toEqual({ page: 1, pageSize: 20 });
  });

  it('rejects oversized pages', () => {
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

  it('returns a short last page', () => {
    const page = paginate(items, 3, 20);
    expect(page.items.length).toBeGreaterThan(0);
    expect(page.totalPages).toBe(3);
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

describe('pageLinks', () => {
  it('links to the neighbouring pages and keeps other parameters', () => {
    const url = new URL('https://shop.test/api/products?category=mugs&page=2');
    expect(pageLinks(url, { page: 2, totalPages: 3 })).toBe(
      '</api/products?category=mugs&page=1>; rel="first", ' +
        '</api/products?category=mugs&page=1>; rel="prev", ' +
        '</api/products?category=mugs&page=3>; rel="next", ' +
        '</api/products?category=mugs&page=3>; rel="last"',
    );
  });
});
