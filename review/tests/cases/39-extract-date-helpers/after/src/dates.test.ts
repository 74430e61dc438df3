import { describe, expect, it } from 'vitest';
import { formatDate, formatDuration } from './dates';

describe('formatDate', () => {
  it('pads month and day', () => {
    expect(formatDate(new Date(Date.UTC(2024, 0, 5)))).toBe('2024-01-05');
  });

  it('uses UTC even late in the day', () => {
    expect(formatDate(new Date('2024-03-31T23:30:00Z'))).toBe('2024-03-31');
  });
});

describe('formatDuration', () => {
  it.each([
    [45_000, '45s'],
    [750_000, '12m 30s'],
    [3_900_000, '1h 05m'],
    [0, '0s'],
  ])('formats %i ms as %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });
});
