export interface SlugifyOptions {
  /** Character placed between words. Default "-". */
  separator?: string;
  /** Lower-case the result. Default true. */
  lowercase?: boolean;
  /** Replacements applied before transliteration, e.g. { '&': 'and' }. */
  replacements?: Record<string, string>;
  /** Longest slug to return; cut at a word boundary when possible. Default: no limit. */
  maxLength?: number;
}

const DEFAULTS: Required<SlugifyOptions> = {
  separator: '-',
  lowercase: true,
  replacements: {},
  maxLength: Infinity,
};

// Letters that NFKD does not decompose into ASCII + combining marks.
const TRANSLITERATIONS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  ø: 'o',
  œ: 'oe',
  đ: 'd',
  ł: 'l',
  þ: 'th',
};

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Shortens a slug to at most `maxLength` characters, preferring to cut at the
 * last separator so that no word is split. Never leaves a trailing separator.
 */
export function truncateSlug(slug: string, maxLength: number, separator = '-'): string {
  if (!Number.isInteger(maxLength) || maxLength < 0) {
    throw new RangeError(`maxLength must be a non-negative integer, got ${maxLength}`);
  }
  if (slug.length <= maxLength) {
    return slug;
  }
  const cut = slug.slice(0, maxLength);
  if (slug.startsWith(separator, maxLength)) {
    // The cut already falls exactly on a word boundary.
    return cut;
  }
  const boundary = cut.lastIndexOf(separator);
  const shortened = boundary > 0 ? cut.slice(0, boundary) : cut;
  return shortened.endsWith(separator) ? shortened.slice(0, -separator.length) : shortened;
}

export function slugify(input: string, options: SlugifyOptions = {}): string {
  const { separator, lowercase, replacements, maxLength } = { ...DEFAULTS, ...options };
  let text = input;
  for (const [from, to] of Object.entries(replacements)) {
    text = text.split(from).join(` ${to} `);
  }
  text = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  text = text.replace(/[^\u0000-\u007f]/g, (ch) => TRANSLITERATIONS[ch.toLowerCase()] ?? '');
  if (lowercase) {
    text = text.toLowerCase();
  }
  const sep = escapeRegExp(separator);
  const slug = text.replace(/[^A-Za-z0-9]+/g, separator).replace(new RegExp(`^(?:${sep})+|(?:${sep})+$`, 'g'), '');
  return maxLength === Infinity ? slug : truncateSlug(slug, maxLength, separator);
}
