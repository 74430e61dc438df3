import { describe, expect, it } from "vitest";
import { parseQuery } from "./parseQuery";

describe("parseQuery", () => {
  it("uses defaults for an empty query", () => {
    expect(parseQuery("")).toStrictEqual({ page: 1, perPage: 20, tags: [] });
  });

  it("reads page and per_page", () => {
    const q = parseQuery("?page=3&per_page=50");
    expect(q.page).toBe(3);
    expect(q.perPage).toBe(50);
  });

  it("caps per_page at 100", () => {
    expect(parseQuery("?per_page=500").perPage).toBe(100);
  });

  it("collects repeated tags", () => {
    expect(parseQuery("?tag=a&tag=&tag=b").tags).toEqual(["a", "b"]);
  });

  it("keeps sort when given", () => {
    expect(parseQuery("?sort=-created")).toEqual({ page: 1, perPage: 20, sort: "-created", tags: [] });
  });
});
