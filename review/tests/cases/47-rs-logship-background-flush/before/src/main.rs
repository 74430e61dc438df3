mod batcher;
mod config;
mod shipper;

use std::io::{self, BufRead};
use std::process;

use batcher::Batcher;
use config::Config;
use shipper::Shipper;

const MAX_BATCH_BYTES: usize = 512 * 1024;

fn hostname() -> String {
    std::env::var("HOSTNAME").unwrap_or_else(|_| "unknown".to_string())
}

fn ship(shipper: &Shipper, batch: &[String]) {
    if let Err(e) = shipper.send(batch) {
        eprintln!("logship: dropped {} lines: {}", batch.len(), e);
    }
}

fn main() {
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("logship: {}", e);
            process::exit(2);
        }
    };
    let shipper = match Shipper::new(&config, hostname()) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("logship: cannot build HTTP client: {}", e);
            process::exit(2);
        }
    };

    let mut batcher = Batcher::new(config.batch_size, MAX_BATCH_BYTES);
    let stdin = io::stdin();
    for line in stdin.lock().lines() {
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                eprintln!("logship: read error: {}", e);
                break;
            }
        };
        if let Some(batch) = batcher.push(line) {
            ship(&shipper, &batch);
        }
    }
    if !batcher.is_empty() {
        ship(&shipper, &batcher.take());
    }
}
