/**
 * String helpers shared by the storefront and the admin UI.
 */

const DIACRITICS = /[\u0300-\u036f]/g;

export function slugify(input) {
  return String(input)
    .normalize('NFKD')
    .replace(DIACRITICS, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

export function truncate(text, max, ellipsis = '\u2026') {
  if (text.length <= max) {
    return text;
  }
  const cut = text.slice(0, Math.max(0, max - ellipsis.length));
  const lastSpace = cut.lastIndexOf(' ');
  return (lastSpace > max / 2 ? cut.slice(0, lastSpace) : cut) + ellipsis;
}

export function capitalize(word) {
  if (!word) {
    return word;
  }
  return word.charAt(0).toUpperCase() + word.slice(1);
}

export function pluralize(count, singular, plural = singular + 's') {
  return `${count} ${count === 1 ? singular : plural}`;
}

export function initials(name) {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((part) => part[0].toUpperCase())
    .join('');
}
