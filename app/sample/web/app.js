// Renders a list of invoices into <ul id="invoices"> and shows what is still owed.

const invoices = [
  { number: 1, customer: "Ada", amountCents: 12000, discountPercent: 10, paid: true },
  { number: 2, customer: "Grace", amountCents: 4550, discountPercent: 20, paid: false },
  { number: 3, customer: "Linus", amountCents: 99900, discountPercent: 5, paid: false },
];

/** What the customer owes: the amount less the discount, rounded down to the cent. */
export function totalCents(invoice) {
  return invoice.amountCents - Math.floor((invoice.amountCents * invoice.discountPercent) / 100);
}

/** Formats cents as "1,234.56". */
export function formatCents(cents) {
  return (cents / 100).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

export function outstandingCents(list) {
  return list.filter((invoice) => !invoice.paid).reduce((sum, invoice) => sum + totalCents(invoice), 0);
}

function render(list) {
  const ul = document.getElementById("invoices");
  if (!ul) return;
  ul.replaceChildren(
    ...list.map((invoice) => {
      const li = document.createElement("li");
      li.textContent = `#${invoice.number} ${invoice.customer}: ${formatCents(totalCents(invoice))}`;
      li.classList.toggle("paid", invoice.paid);
      return li;
    }),
  );
  const summary = document.createElement("li");
  summary.textContent = `Outstanding: ${formatCents(outstandingCents(list))}`;
  ul.append(summary);
}

if (typeof document !== "undefined") {
  document.addEventListener("DOMContentLoaded", () => render(invoices));
}
