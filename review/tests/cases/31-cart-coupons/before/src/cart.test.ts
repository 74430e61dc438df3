import { describe, expect, it } from 'vitest';
import { addItem, CartError, emptyCart, MAX_QUANTITY, removeItem, totals } from './cart';
import type { Product } from './types';

const mug: Product = { sku: 'MUG-1', name: 'Mug', priceCents: 1200, taxRate: 0.19 };
const book: Product = { sku: 'BOOK-7', name: 'Book', priceCents: 2500, taxRate: 0.07 };

describe('cart', () => {
  it('merges lines for the same product', () => {
    const cart = addItem(addItem(emptyCart('c1'), mug), mug, 2);
    expect(cart.lines).toEqual([{ product: mug, quantity: 3 }]);
  });

  it('enforces the quantity limit', () => {
    const cart = addItem(emptyCart('c1'), mug, MAX_QUANTITY);
    expect(() => addItem(cart, mug)).toThrow(CartError);
  });

  it('removes a product', () => {
    const cart = removeItem(addItem(addItem(emptyCart('c1'), mug), book), 'MUG-1');
    expect(cart.lines.map((l) => l.product.sku)).toEqual(['BOOK-7']);
  });

  it('computes tax per line', () => {
    const cart = addItem(addItem(emptyCart('c1'), mug, 2), book);
    expect(totals(cart)).toEqual({ subtotalCents: 4900, taxCents: 456 + 175, totalCents: 4900 + 631 });
  });
});
