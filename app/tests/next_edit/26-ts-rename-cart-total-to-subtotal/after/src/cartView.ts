import { Cart } from "./cart";
import { shippingFor } from "./checkout";

const euros = (cents: number) => `${(cents / 100).toFixed(2)} €`;

export function renderCartSummary(cart: Cart): string {
  const shipping = shippingFor(cart);
  const lines = cart.lines().map((l) => `${l.quantity} × ${l.name}  ${euros(l.unitCents * l.quantity)}`);
  lines.push(`Subtotal  ${euros(cart.subtotalCents())}`);
  lines.push(`Shipping  ${shipping === 0 ? "free" : euros(shipping)}`);
  return lines.join("\n");
}
