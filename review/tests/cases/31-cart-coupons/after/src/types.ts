export type Cents = number;

export interface Product {
  sku: string;
  name: string;
  priceCents: Cents;
  taxRate: number; // 0.19 for 19 %
}

export interface CartLine {
  product: Product;
  quantity: number;
}

export interface Cart {
  id: string;
  currency: 'EUR' | 'USD';
  lines: CartLine[];
  coupon?: Coupon;
  updatedAt: Date;
}

interface CouponBase {
  code: string;
  minSubtotalCents?: Cents;
  expiresAt?: Date;
}

export type Coupon =
  | (CouponBase & { kind: 'percent'; percent: number })
  | (CouponBase & { kind: 'fixed'; amountCents: Cents });

export interface CartTotals {
  subtotalCents: Cents;
  discountCents: Cents;
  taxCents: Cents;
  totalCents: Cents;
}
