import { describe, expect, it } from 'vitest';
import { slugify, truncateSlug } from './slugify';

describe('slugify', () => {
  it('joins words with dashes', () => {
    expect(slugify('  Hello, World!  ')).toBe('hello-world');
  });

  it('transliterates accents and special letters', () => {
    expect(slugify('Crème brûlée für Ærø')).toBe('creme-brulee-fur-aero');
    expect(slugify('Straße')).toBe('strasse');
  });

  it('supports custom separators and replacements', () => {
    expect(slugify('Salt & Pepper', { separator: '_', replacements: { '&': 'and' } })).toBe('salt_and_pepper');
  });

  it('can keep case', () => {
    expect(slugify('Hello World', { lowercase: false })).toBe('Hello-World');
  });

  it('respects maxLength at word boundaries', () => {
    expect(slugify('The quick brown fox jumps', { maxLength: 15 })).toBe('the-quick-brown');
    expect(slugify('The quick brown fox jumps', { maxLength: 14 })).toBe('the-quick');
  });
});

describe('truncateSlug', () => {
  it('returns short slugs unchanged', () => {
    expect(truncateSlug('abc', 3)).toBe('abc');
  });

  it('cuts inside a single long word when there is no boundary', () => {
    expect(truncateSlug('supercalifragilistic', 5)).toBe('super');
  });

  it('does not leave a trailing separator', () => {
    expect(truncateSlug('ab-cd', 3)).toBe('ab');
    expect(truncateSlug('a_b_c', 4, '_')).toBe('a_b');
  });

  it('rejects invalid lengths', () => {
    expect(() => truncateSlug('abc', -1)).toThrow(RangeError);
  });
});
