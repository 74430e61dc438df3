import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter } from '../src/http/backoff.js';

describe('backoffDelay', () => {
  it('doubles the ceiling with each attempt', () => {
    const top = () => 0.999999;
    expect(backoffDelay(1, { baseMs: 100, random: top })).toBe(99);
    expect(backoffDelay(2, { baseMs: 100, random: top })).toBe(199);
    expect(backoffDelay(3, { baseMs: 100, random: top })).toBe(399);
  });

  it('never exceeds maxMs', () => {
    expect(backoffDelay(30, { baseMs: 100, maxMs: 1000, random: () => 0.999999 })).toBeLessThan(1000);
  });

  it('can return zero', () => {
    expect(backoffDelay(4, { random: () => 0 })).toBe(0);
  });

  it('rejects attempt numbers below one', () => {
    expect(() => backoffDelay(0)).toThrow(RangeError);
    expect(() => backoffDelay(1.5)).toThrow(RangeError);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('3')).toBe(3000);
  });

  it('reads an HTTP date relative to now', () => {
    const now = Date.parse('Wed, 21 Oct 2015 07:28:00 GMT');
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:28:05 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 21 Oct 2015 07:27:00 GMT', now)).toBe(0);
  });

  it('ignores missing and malformed values', () => {
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(parseRetryAfter('')).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
