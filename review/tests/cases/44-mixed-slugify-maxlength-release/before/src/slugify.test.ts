import { describe, expect, it } from 'vitest';
import { slugify } from './slugify';

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
});
