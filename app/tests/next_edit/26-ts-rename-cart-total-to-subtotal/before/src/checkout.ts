import { Cart } from "./cart";

const FREE_SHIPPING_FROM_CENTS = 5000;
const SHIPPING_CENTS = 495;

export class Order {
  constructor(
    readonly subtotalCents: number,
    readonly shippingCents: number,
  ) {}

  totalCents(): number {
    return this.subtotalCents + this.shippingCents;
  }
}

export function shippingFor(cart: Cart): number {
  return cart.totalCents() >= FREE_SHIPPING_FROM_CENTS ? 0 : SHIPPING_CENTS;
}

export function placeOrder(cart: Cart): Order {
  if (cart.isEmpty()) {
    throw new Error("cart is empty");
  }
  return new Order(cart.totalCents(), shippingFor(cart));
}

export function formatOrder(order: Order): string {
  return `Total: ${(order.totalCents() / 100).toFixed(2)} EUR`;
}
