import { totals } from './cart';
import type { Cart } from './types';

export interface PaymentIntentRequest {
  amount: number;
  currency: string;
  metadata: Record<string, string>;
  lineItems: { sku: string; quantity: number; unitAmount: number }[];
}

export class EmptyCartError extends Error {
  constructor() {
    super('cannot check out an empty cart');
    this.name = 'EmptyCartError';
  }
}

export function buildPaymentIntent(cart: Cart, customerId: string): PaymentIntentRequest {
  if (cart.lines.length === 0) {
    throw new EmptyCartError();
  }
  const { totalCents } = totals(cart);
  return {
    amount: totalCents,
    currency: cart.currency.toLowerCase(),
    metadata: {
      cartId: cart.id,
      customerId,
    },
    lineItems: cart.lines.map((line) => ({
      sku: line.product.sku,
      quantity: line.quantity,
      unitAmount: line.product.priceCents,
    })),
  };
}
