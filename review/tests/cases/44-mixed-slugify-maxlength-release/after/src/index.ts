export { slugify, truncateSlug } from './slugify';
export type { SlugifyOptions } from './slugify';
