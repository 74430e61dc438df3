import type { Cart, CartLine, CartTotals, Coupon, Product } from './types';

export const MAX_QUANTITY = 99;

export class CartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CartError';
  }
}

export function emptyCart(id: string, currency: Cart['currency'] = 'EUR'): Cart {
  return { id, currency, lines: [], updatedAt: new Date() };
}

export function addItem(cart: Cart, product: Product, quantity = 1): Cart {
  if (!Number.isInteger(quantity) || quantity < 1) {
    throw new CartError(`invalid quantity ${quantity}`);
  }
  const existing = cart.lines.find((line) => line.product.sku === product.sku);
  const newQuantity = (existing?.quantity ?? 0) + quantity;
  if (newQuantity > MAX_QUANTITY) {
    throw new CartError(`at most ${MAX_QUANTITY} of ${product.name} per order`);
  }
  const lines: CartLine[] = existing
    ? cart.lines.map((line) => (line === existing ? { ...line, quantity: newQuantity } : line))
    : [...cart.lines, { product, quantity }];
  return { ...cart, lines, updatedAt: new Date() };
}

export function removeItem(cart: Cart, sku: string): Cart {
  return { ...cart, lines: cart.lines.filter((line) => line.product.sku !== sku), updatedAt: new Date() };
}

export function applyCoupon(cart: Cart, coupon: Coupon, now = new Date()): Cart {
  if (coupon.expiresAt && coupon.expiresAt.getTime() <= now.getTime()) {
    throw new CartError(`coupon ${coupon.code} has expired`);
  }
  if (coupon.kind === 'percent' && (coupon.percent <= 0 || coupon.percent > 100)) {
    throw new CartError(`coupon ${coupon.code} has an invalid percentage`);
  }
  if (coupon.kind === 'fixed' && coupon.amountCents <= 0) {
    throw new CartError(`coupon ${coupon.code} has an invalid amount`);
  }
  const subtotal = cart.lines.reduce((sum, line) => sum + lineSubtotal(line), 0);
  if (coupon.minSubtotalCents !== undefined && subtotal < coupon.minSubtotalCents) {
    throw new CartError(`coupon ${coupon.code} needs a subtotal of at least ${coupon.minSubtotalCents} cents`);
  }
  return { ...cart, coupon, updatedAt: new Date() };
}

export function removeCoupon(cart: Cart): Cart {
  const { coupon: _removed, ...rest } = cart;
  return { ...rest, updatedAt: new Date() };
}

/** The discount in cents, never more than the subtotal. */
export function discountCents(cart: Cart, subtotalCents: number): number {
  const coupon = cart.coupon;
  if (!coupon) return 0;
  const raw = coupon.kind === 'percent' ? Math.round((subtotalCents * coupon.percent) / 100) : coupon.amountCents;
  return Math.min(raw, subtotalCents);
}

function lineSubtotal(line: CartLine): number {
  return line.product.priceCents * line.quantity;
}

export function totals(cart: Cart): CartTotals {
  let subtotalCents = 0;
  let grossTaxCents = 0;
  for (const line of cart.lines) {
    const amount = lineSubtotal(line);
    subtotalCents += amount;
    grossTaxCents += amount * line.product.taxRate;
  }
  const discount = discountCents(cart, subtotalCents);
  // The discount reduces every line proportionally, and with it the tax.
  const factor = subtotalCents === 0 ? 0 : (subtotalCents - discount) / subtotalCents;
  const taxCents = Math.round(grossTaxCents * factor);
  return {
    subtotalCents,
    discountCents: discount,
    taxCents,
    totalCents: subtotalCents - discount + taxCents,
  };
}
