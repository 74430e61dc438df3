"use strict";

const assert = require("node:assert/strict");
const { test } = require("node:test");

const { recencyWeight, score } = require("../lib/scorer");

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

test("recencyWeight halves every half-life", () => {
  const day = 24 * 60 * 60 * 1000;
  assert.equal(recencyWeight(0, 0, 30), 1);
  assert.equal(recencyWeight(0, 30 * day, 30), 0.5);
  assert.equal(recencyWeight(0, 60 * day, 30), 0.25);
  assert.equal(recencyWeight(undefined, 60 * day, 30), 1);
  assert.equal(recencyWeight(0, 60 * day, null), 1);
});

test("older items sink when a half-life is set", () => {
  const day = 24 * 60 * 60 * 1000;
  const dated = [
    { id: "old", features: { jazz: 1 }, popularity: 0, publishedAt: 0 },
    { id: "new", features: { jazz: 1 }, popularity: 0, publishedAt: 90 * day },
  ];
  const ids = score(profile, dated, { halfLifeDays: 30, now: 90 * day });
  assert.deepEqual(
    ids.map((r) => r.id),
    ["new", "old"],
  );
});

test("rejects a non-positive half-life", () => {
  assert.throws(() => score(profile, items, { halfLifeDays: 0 }), RangeError);
});
