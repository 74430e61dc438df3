import { describe, expect, it } from 'vitest';
import { addItem, applyCoupon, CartError, emptyCart, MAX_QUANTITY, removeCoupon, removeItem, totals } from './cart';
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
    expect(totals(cart)).toEqual({ subtotalCents: 4900, discountCents: 0, taxCents: 631, totalCents: 5531 });
  });
});

describe('coupons', () => {
  const cart = addItem(emptyCart('c1'), mug, 2); // 2400 cents, 19 % tax

  it('applies a percentage discount and reduces the tax with it', () => {
    const discounted = applyCoupon(cart, { kind: 'percent', code: 'TEN', percent: 10 });
    expect(totals(discounted)).toEqual({ subtotalCents: 2400, discountCents: 240, taxCents: 410, totalCents: 2570 });
  });

  it('never discounts more than the subtotal', () => {
    const discounted = applyCoupon(cart, { kind: 'fixed', code: 'BIG', amountCents: 5000 });
    expect(totals(discounted).totalCents).toBe(0);
  });

  it('rejects expired coupons and unmet minimums', () => {
    const now = new Date('2024-05-01T00:00:00Z');
    expect(() =>
      applyCoupon(cart, { kind: 'fixed', code: 'OLD', amountCents: 100, expiresAt: new Date('2024-04-30T00:00:00Z') }, now),
    ).toThrow(/expired/);
    expect(() => applyCoupon(cart, { kind: 'fixed', code: 'MIN', amountCents: 100, minSubtotalCents: 5000 })).toThrow(
      CartError,
    );
  });

  it('can remove a coupon again', () => {
    const discounted = applyCoupon(cart, { kind: 'percent', code: 'TEN', percent: 10 });
    expect(removeCoupon(discounted).coupon).toBeUndefined();
  });
});
