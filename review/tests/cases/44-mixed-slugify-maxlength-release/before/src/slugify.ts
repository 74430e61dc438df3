export interface SlugifyOptions {
  /** Character placed between words. Default "-". */
  separator?: string;
  /** Lower-case the result. Default true. */
  lowercase?: boolean;
  /** Replacements applied before transliteration, e.g. { '&': 'and' }. */
  replacements?: Record<string, string>;
}

const DEFAULTS: Required<SlugifyOptions> = {
  separator: '-',
  lowercase: true,
  replacements: {},
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

export function slugify(input: string, options: SlugifyOptions = {}): string {
  const { separator, lowercase, replacements } = { ...DEFAULTS, ...options };
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
  return text.replace(/[^A-Za-z0-9]+/g, separator).replace(new RegExp(`^(?:${sep})+|(?:${sep})+$`, 'g'), '');
}
