mod invoice;

use invoice::Invoice;

fn main() {
    let mut invoices = vec![
        Invoice::new(1, "Ada", 12_000, 10),
        Invoice::new(2, "Grace", 4_550, 0),
        Invoice::new(3, "Linus", 99_900, 5),
    ];
    invoices[1].set_discount_percent(20);
    invoices[0].mark_paid();

    for invoice in &invoices {
        println!("{invoice}");
    }

    if let Some(largest) = invoices.iter().max_by_key(|i| i.amount_cents()) {
        println!(
            "Largest: #{} for {}, {} cents before its {}% discount",
            largest.number(),
            largest.customer(),
            largest.amount_cents(),
            largest.discount_percent()
        );
    }

    let outstanding: u64 = invoices
        .iter()
        .filter(|i| !i.is_paid())
        .map(Invoice::total_cents)
        .sum();
    println!(
        "Outstanding: {}.{:02}",
        outstanding / 100,
        outstanding % 100
    );
}
