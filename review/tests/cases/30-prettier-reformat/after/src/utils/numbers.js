/**
 * Number formatting helpers. All money values are integer cents.
 */

const currencyFormatters = new Map();

function currencyFormatter(locale, currency) {
  const key = `${locale}|${currency}`;
  let formatter = currencyFormatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: 'currency', currency });
    currencyFormatters.set(key, formatter);
  }
  return formatter;
}

export function formatMoney(cents, currency = 'EUR', locale = 'de-DE') {
  return currencyFormatter(locale, currency).format(cents / 100);
}

export function formatPercent(ratio, digits = 0) {
  return (ratio * 100).toFixed(digits) + '%';
}

export function clamp(value, min, max) {
  return Math.min(max, Math.max(min, value));
}

export function parseDecimal(text) {
  const normalized = String(text).trim().replace(/\s/g, '').replace(',', '.');
  if (!/^-?\d+(\.\d+)?$/.test(normalized)) {
    return null;
  }
  return Number(normalized);
}
