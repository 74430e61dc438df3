import type { Cart, CartLine, CartTotals, Product } from './types';

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

function lineSubtotal(line: CartLine): number {
  return line.product.priceCents * line.quantity;
}

export function totals(cart: Cart): CartTotals {
  let subtotalCents = 0;
  let taxCents = 0;
  for (const line of cart.lines) {
    const amount = lineSubtotal(line);
    subtotalCents += amount;
    taxCents += Math.round(amount * line.product.taxRate);
  }
  return { subtotalCents, taxCents, totalCents: subtotalCents + taxCents };
}
