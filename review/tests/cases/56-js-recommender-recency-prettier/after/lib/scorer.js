"use strict";

const { blended } = require("./similarity");

const DAY_MS = 24 * 60 * 60 * 1000;

const DEFAULTS = {
  cosineWeight: 0.7,
  popularityWeight: 0.1,
  limit: 10,
  exclude: [],
  /** Days after which an item's score halves; null disables the decay. */
  halfLifeDays: null,
};

/**
 * Multiplier in (0, 1] that halves every `halfLifeDays` after `publishedAt`.
 * Items without a publication date, or published in the future, are not decayed.
 */
function recencyWeight(publishedAt, now, halfLifeDays) {
  if (halfLifeDays == null || publishedAt == null) return 1;
  const ageDays = Math.max(0, (now - publishedAt) / DAY_MS);
  return Math.pow(0.5, ageDays / halfLifeDays);
}

/**
 * Scores candidate items for a user profile.
 *
 * @param {Record<string, number>} profile the user's feature weights
 * @param {Array<{id: string, features: Record<string, number>, popularity: number, publishedAt?: number}>} items
 * @param {Partial<typeof DEFAULTS>} [options]
 * @returns {Array<{id: string, score: number}>} best first, at most `limit`
 */
function score(profile, items, options = {}) {
  const opts = { ...DEFAULTS, ...options };
  if (opts.halfLifeDays != null && !(opts.halfLifeDays > 0)) {
    throw new RangeError("halfLifeDays must be a positive number or null");
  }
  const now = opts.now ?? Date.now();
  const excluded = new Set(opts.exclude);
  const scored = [];
  for (const item of items) {
    if (excluded.has(item.id)) continue;
    const similarity = blended(profile, item.features, {
      cosineWeight: opts.cosineWeight,
    });
    const popularity = Math.log1p(Math.max(0, item.popularity));
    const decay = recencyWeight(item.publishedAt, now, opts.halfLifeDays);
    scored.push({
      id: item.id,
      score: (similarity + opts.popularityWeight * popularity) * decay,
    });
  }
  scored.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  return scored.slice(0, opts.limit);
}

module.exports = { score, recencyWeight, DEFAULTS };
