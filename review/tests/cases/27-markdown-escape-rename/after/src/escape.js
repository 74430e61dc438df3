const HTML_ESCAPES = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

const HTML_ESCAPE_RE = /[&<>"']/g;

/**
 * Escapes the five characters that are significant in HTML text and
 * attribute values.
 */
export function escapeHtml(text) {
  return String(text).replace(HTML_ESCAPE_RE, (ch) => HTML_ESCAPES[ch]);
}

const SAFE_PROTOCOLS = new Set(['http:', 'https:', 'mailto:']);

/**
 * Returns an escaped URL that is safe for an href attribute, or '#' when
 * the URL uses a protocol that could run script (javascript:, data:, ...).
 */
export function safeUrl(url) {
  const trimmed = String(url).trim();
  const match = /^([a-z][a-z0-9+.-]*:)/i.exec(trimmed);
  if (match && !SAFE_PROTOCOLS.has(match[1].toLowerCase())) {
    return '#';
  }
  return escapeHtml(trimmed);
}
