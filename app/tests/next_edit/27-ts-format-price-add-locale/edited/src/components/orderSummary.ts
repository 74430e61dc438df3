import { formatDate, formatPrice } from "../format";
import type { RenderContext } from "./productCard";

export interface OrderSummary {
  placedAt: Date;
  totalCents: number;
}

export function orderSummary(order: OrderSummary, ctx: RenderContext): string {
  return [
    `<dt>Placed</dt><dd>${formatDate(order.placedAt, ctx.locale)}</dd>`,
    `<dt>Total</dt><dd>${formatPrice(order.totalCents, ctx.currency)}</dd>`,
  ].join("");
}
