use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use crate::bucket::TokenBucket;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    Reject { retry_after: Duration },
}

/// Keeps one bucket per client key. Shared between connection threads.
pub struct Limiter {
    capacity: u32,
    rate_per_sec: f64,
    buckets: Mutex<HashMap<String, TokenBucket>>,
    rejected: AtomicU64,
}

impl Limiter {
    pub fn new(capacity: u32, rate_per_sec: f64) -> Self {
        Limiter {
            capacity,
            rate_per_sec,
            buckets: Mutex::new(HashMap::new()),
            rejected: AtomicU64::new(0),
        }
    }

    pub fn check(&self, key: &str) -> Decision {
        self.check_at(key, Instant::now())
    }

    pub fn check_at(&self, key: &str, now: Instant) -> Decision {
        let mut buckets = self.buckets.lock().unwrap();
        let bucket = buckets
            .entry(key.to_string())
            .or_insert_with(|| TokenBucket::new(self.capacity, self.rate_per_sec, now));
        if bucket.try_take(now) {
            Decision::Allow
        } else {
            self.rejected.fetch_add(1, Ordering::Relaxed);
            Decision::Reject { retry_after: bucket.wait_time() }
        }
    }

    pub fn rejected(&self) -> u64 {
        self.rejected.load(Ordering::Relaxed)
    }

    pub fn clients(&self) -> usize {
        self.buckets.lock().unwrap().len()
    }

    /// Starts a background thread that tops up every bucket once per
    /// `interval`, so idle clients are ready when they come back.
    pub fn spawn_refill(self: &Arc<Self>, interval: Duration) -> thread::JoinHandle<()> {
        let limiter = Arc::clone(self);
        thread::spawn(move || loop {
            thread::sleep(interval);
            let now = Instant::now();
            for bucket in limiter.buckets.lock().unwrap().values_mut() {
                bucket.refill_to(now);
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clients_have_separate_buckets() {
        let now = Instant::now();
        let limiter = Limiter::new(1, 1.0);
        assert_eq!(limiter.check_at("a", now), Decision::Allow);
        assert_eq!(limiter.check_at("b", now), Decision::Allow);
        assert!(matches!(limiter.check_at("a", now), Decision::Reject { .. }));
        assert_eq!(limiter.rejected(), 1);
    }
}
