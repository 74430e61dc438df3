import { escape, safeUrl } from './escape.js';

// Inline markdown: `code`, **strong**, *em*, [text](url), <autolinks> and
// hard line breaks.
// The input is a single block's text; output is an HTML string.

const CODE_SPAN = /`([^`]+)`/g;
const IMAGE = /!\[([^\]]*)\]\([^)]*\)/g;
const AUTOLINK = /<(https?:\/\/[^>\s]+)>/g;
const HARD_BREAK = / {2,}\n/g;
const LINK = /\[([^\]]+)\]\(([^)\s]+)(?:\s+"([^"]*)")?\)/g;
const STRONG = /\*\*(.+?)\*\*/g;
const EM = /\*(.+?)\*/g;

function placeholder(index) {
  return `\u0000${index}\u0000`;
}

export function renderInline(text) {
  const stash = [];
  const keep = (html) => {
    stash.push(html);
    return placeholder(stash.length - 1);
  };

  // Code spans are protected first so that nothing inside them is parsed.
  let out = text.replace(CODE_SPAN, (_, code) => keep(`<code>${escape(code)}</code>`));

  // Images are not supported: ![alt](src) is rendered as its alt text,
  // which still goes through the escaping below.
  out = out.replace(IMAGE, '$1');

  // Autolinks: <https://example.com>. The URL is the link text as well.
  out = out.replace(AUTOLINK, (_, url) => {
    const href = safeUrl(url);
    return keep(`<a href="${href}">${href}</a>`);
  });

  out = out.replace(LINK, (_, label, url, title) => {
    const titleAttr = title ? ` title="${escape(title)}"` : '';
    return keep(`<a href="${safeUrl(url)}"${titleAttr}>${renderInline(label)}</a>`);
  });

  // Hard line breaks: two or more trailing spaces before a newline. The
  // newline itself is kept so that the HTML stays readable.
  out = out.replace(HARD_BREAK, () => keep('<br>\n'));

  // Everything that is left is plain text and gets escaped before the
  // emphasis markers are turned into tags.
  out = escape(out)
    .replace(STRONG, '<strong>$1</strong>')
    .replace(EM, '<em>$1</em>');

  return out.replace(/\u0000(\d+)\u0000/g, (_, i) => stash[Number(i)]);
}
