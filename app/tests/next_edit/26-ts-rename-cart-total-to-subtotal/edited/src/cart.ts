export interface LineItem {
  sku: string;
  name: string;
  unitCents: number;
  quantity: number;
}

export class Cart {
  private items = new Map<string, LineItem>();

  add(item: Omit<LineItem, "quantity">, quantity = 1): void {
    const existing = this.items.get(item.sku);
    if (existing) {
      existing.quantity += quantity;
    } else {
      this.items.set(item.sku, { ...item, quantity });
    }
  }

  remove(sku: string): void {
    this.items.delete(sku);
  }

  lines(): LineItem[] {
    return [...this.items.values()];
  }

  subtotalCents(): number {
    return this.lines().reduce((sum, l) => sum + l.unitCents * l.quantity, 0);
  }

  isEmpty(): boolean {
    return this.items.size === 0;
  }
}
