import { formatDate } from './dates';
import type { Customer, UsageRecord } from './types';

export interface InvoiceLine {
  description: string;
  quantity: number;
  unitPriceCents: number;
  amountCents: number;
}

export interface Invoice {
  number: string;
  customer: Customer;
  issuedOn: string;
  dueOn: string;
  lines: InvoiceLine[];
  totalCents: number;
}

const PAYMENT_TERMS_DAYS = 14;
const DAY_MS = 24 * 60 * 60 * 1000;

export function buildInvoice(number: string, customer: Customer, usage: UsageRecord[], issuedAt: Date): Invoice {
  const lines = usage.map((record) => ({
    description: `${record.product} (${record.period})`,
    quantity: record.quantity,
    unitPriceCents: record.unitPriceCents,
    amountCents: record.quantity * record.unitPriceCents,
  }));
  const due = new Date(issuedAt.getTime() + PAYMENT_TERMS_DAYS * DAY_MS);
  return {
    number,
    customer,
    issuedOn: formatDate(issuedAt),
    dueOn: formatDate(due),
    lines,
    totalCents: lines.reduce((sum, line) => sum + line.amountCents, 0),
  };
}
