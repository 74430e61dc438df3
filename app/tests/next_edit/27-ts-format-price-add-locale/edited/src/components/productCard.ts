import { formatDate, formatPrice } from "../format";

export interface RenderContext {
  locale: string;
  currency: string;
}

export interface Product {
  name: string;
  priceCents: number;
  salePriceCents?: number;
  availableFrom: Date;
}

export function productCard(p: Product, ctx: RenderContext): string {
  const price = formatPrice(p.priceCents, ctx.currency);
  const available = formatDate(p.availableFrom, ctx.locale);
  let html = `<h3>${p.name}</h3><p class="price">${price}</p>`;
  if (p.salePriceCents !== undefined) {
    html += `<p class="sale">${formatPrice(p.salePriceCents, ctx.currency)}</p>`;
  }
  return html + `<p class="available">${available}</p>`;
}
