/**
 * Exponential backoff with "full jitter": the delay before retry number
 * `attempt` (1-based) is a uniformly random value in
 * [0, min(maxMs, baseMs * 2^(attempt - 1))). Jitter spreads out clients that
 * failed at the same moment so they do not retry in lockstep.
 *
 * @param {number} attempt 1 for the first retry, 2 for the second, ...
 * @param {{ baseMs?: number, maxMs?: number, random?: () => number }} [options]
 * @returns {number} milliseconds to wait
 */
export function backoffDelay(attempt, { baseMs = 250, maxMs = 8000, random = Math.random } = {}) {
  if (!Number.isInteger(attempt) || attempt < 1) {
    throw new RangeError(`attempt must be a positive integer, got ${attempt}`);
  }
  const ceiling = Math.min(maxMs, baseMs * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Parses a Retry-After header value (delta-seconds or an HTTP date) into
 * milliseconds from `now`. Returns undefined when the header is absent or
 * cannot be parsed, so callers can fall back to their own schedule.
 *
 * @param {string | null | undefined} value
 * @param {number} [now]
 * @returns {number | undefined}
 */
export function parseRetryAfter(value, now = Date.now()) {
  if (value == null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) {
    return Number(value.trim()) * 1000;
  }
  const date = Date.parse(value);
  if (Number.isNaN(date)) return undefined;
  return Math.max(0, date - now);
}
