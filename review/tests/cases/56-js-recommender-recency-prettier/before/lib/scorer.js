"use strict";

const { blended } = require("./similarity");

const DEFAULTS = {
  cosineWeight: 0.7,
  popularityWeight: 0.1,
  limit: 10,
  exclude: [],
};

/**
 * Scores candidate items for a user profile.
 *
 * @param {Record<string, number>} profile the user's feature weights
 * @param {Array<{id: string, features: Record<string, number>, popularity: number}>} items
 * @param {Partial<typeof DEFAULTS>} [options]
 * @returns {Array<{id: string, score: number}>} best first, at most `limit`
 */
function score(profile, items, options = {}) {
  const opts = { ...DEFAULTS, ...options };
  const excluded = new Set(opts.exclude);
  const scored = [];
  for (const item of items) {
    if (excluded.has(item.id)) continue;
    const similarity = blended(profile, item.features, {
      cosineWeight: opts.cosineWeight,
    });
    const popularity = Math.log1p(Math.max(0, item.popularity));
    scored.push({
      id: item.id,
      score: similarity + opts.popularityWeight * popularity,
    });
  }
  scored.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
  return scored.slice(0, opts.limit);
}

module.exports = { score, DEFAULTS };
