"use strict";

/**
 * Similarity measures between sparse feature vectors, represented as plain
 * objects that map a feature name to its weight.
 */

function dot(a, b) {
  let sum = 0;
  // Iterate over the smaller vector; lookups in the larger one are O(1).
  const [small, large] =
    Object.keys(a).length <= Object.keys(b).length ? [a, b] : [b, a];
  for (const key in small) {
    if (key in large) sum += small[key] * large[key];
  }
  return sum;
}

function norm(v) {
  return Math.sqrt(dot(v, v));
}

/** Cosine similarity in [-1, 1]; 0 when either vector is empty. */
function cosine(a, b) {
  const denominator = norm(a) * norm(b);
  if (denominator === 0) return 0;
  return dot(a, b) / denominator;
}

/** Jaccard index of the two vectors' feature sets, ignoring weights. */
function jaccard(a, b) {
  const keysA = Object.keys(a);
  const keysB = new Set(Object.keys(b));
  if (keysA.length === 0 && keysB.size === 0) return 0;
  let intersection = 0;
  for (const key of keysA) {
    if (keysB.has(key)) intersection++;
  }
  return intersection / (keysA.length + keysB.size - intersection);
}

/** Weighted blend of cosine and Jaccard, used when feature weights are noisy. */
function blended(a, b, { cosineWeight = 0.7 } = {}) {
  if (cosineWeight < 0 || cosineWeight > 1)
    throw new RangeError("cosineWeight must be within [0, 1]");
  return cosineWeight * cosine(a, b) + (1 - cosineWeight) * jaccard(a, b);
}

/** The `k` features with the largest absolute weight, for explanations. */
function topFeatures(v, k = 3) {
  return Object.entries(v)
    .sort(([, x], [, y]) => Math.abs(y) - Math.abs(x))
    .slice(0, k)
    .map(([name, weight]) => ({ name, weight }));
}

module.exports = { dot, norm, cosine, jaccard, blended, topFeatures };
