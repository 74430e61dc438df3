export type Currency = "EUR" | "USD" | "GBP";

export class Product {
  private id: string;
  private name: string;
  private priceCents: number;
  private currency: Currency;

  constructor(id: string, name: string, priceCents: number, currency: Currency) {
    this.id = id;
    this.name = name;
    this.priceCents = priceCents;
    this.currency = currency;
  }

  getId(): string {
    return this.id;
  }

  getName(): string {
    return this.name;
  }

  getPriceCents(): number {
    return this.priceCents;
  }

  setPriceCents(value: number): void {
    if (!Number.isInteger(value) || value < 0) {
      throw new RangeError(`invalid price: ${value}`);
    }
    this.priceCents = value;
  }

  toString(): string {
    const price = (this.priceCents / 100).toFixed(2);
    return `${this.name} (${this.id}) ${price} ${this.currency}`;
  }

  toJSON() {
    return {
      id: this.id,
      name: this.name,
      priceCents: this.priceCents,
      currency: this.currency,
    };
  }
}
