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
  updatedAt: Date;
}

export interface CartTotals {
  subtotalCents: Cents;
  taxCents: Cents;
  totalCents: Cents;
}
