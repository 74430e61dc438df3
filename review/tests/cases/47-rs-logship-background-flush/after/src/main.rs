mod batcher;
mod config;
mod shipper;

use std::io::{self, BufRead};
use std::process;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;

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

    let shipper = Arc::new(shipper);
    let batcher = Arc::new(Mutex::new(Batcher::new(config.batch_size, MAX_BATCH_BYTES)));
    let done = Arc::new(AtomicBool::new(false));

    // Flush partial batches periodically so that quiet services still ship promptly.
    let flusher = {
        let (batcher, shipper, done) = (batcher.clone(), shipper.clone(), done.clone());
        let interval = config.flush_interval;
        thread::spawn(move || {
            while !done.load(Ordering::Relaxed) {
                thread::sleep(interval);
                let pending = batcher.lock().unwrap().take_if_nonempty();
                if let Some(batch) = pending {
                    ship(&shipper, &batch);
                }
            }
        })
    };

    let stdin = io::stdin();
    for line in stdin.lock().lines() {
        let line = match line {
            Ok(l) => l,
            Err(e) => {
                eprintln!("logship: read error: {}", e);
                break;
            }
        };
        let full = batcher.lock().unwrap().push(line);
        if let Some(batch) = full {
            ship(&shipper, &batch);
        }
    }
    done.store(true, Ordering::Relaxed);
    let _ = flusher.join();
    let rest = batcher.lock().unwrap().take_if_nonempty();
    if let Some(batch) = rest {
        ship(&shipper, &batch);
    }
}
