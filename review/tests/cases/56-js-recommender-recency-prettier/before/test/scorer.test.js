"use strict";

const assert = require("node:assert/strict");
const { test } = require("node:test");

const { score } = require("../lib/scorer");

const profile = { jazz: 1, vinyl: 0.5 };

const items = [
  { id: "a", features: { jazz: 1 }, popularity: 10 },
  { id: "b", features: { rock: 1 }, popularity: 1000 },
  { id: "c", features: { jazz: 1, vinyl: 1 }, popularity: 0 },
];

test("ranks similar items first", () => {
  const ids = score(profile, items).map((r) => r.id);
  assert.deepEqual(ids.slice(0, 2).sort(), ["a", "c"]);
  assert.equal(ids[2], "b");
});

test("respects limit and exclude", () => {
  const result = score(profile, items, { limit: 1, exclude: ["a"] });
  assert.equal(result.length, 1);
  assert.equal(result[0].id, "c");
});

test("breaks ties by id", () => {
  const twins = [
    { id: "y", features: { jazz: 1 }, popularity: 0 },
    { id: "x", features: { jazz: 1 }, popularity: 0 },
  ];
  assert.deepEqual(
    score(profile, twins).map((r) => r.id),
    ["x", "y"],
  );
});
