use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::bucket::TokenBucket;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    Allow,
    Reject { retry_after: Duration },
}

/// Keeps one bucket per client key.
pub struct Limiter {
    capacity: u32,
    rate_per_sec: f64,
    buckets: HashMap<String, TokenBucket>,
    rejected: u64,
}

impl Limiter {
    pub fn new(capacity: u32, rate_per_sec: f64) -> Self {
        Limiter { capacity, rate_per_sec, buckets: HashMap::new(), rejected: 0 }
    }

    pub fn check(&mut self, key: &str) -> Decision {
        self.check_at(key, Instant::now())
    }

    pub fn check_at(&mut self, key: &str, now: Instant) -> Decision {
        let (capacity, rate) = (self.capacity, self.rate_per_sec);
        let bucket = self
            .buckets
            .entry(key.to_string())
            .or_insert_with(|| TokenBucket::new(capacity, rate, now));
        if bucket.try_take(now) {
            Decision::Allow
        } else {
            self.rejected += 1;
            Decision::Reject { retry_after: bucket.wait_time() }
        }
    }

    pub fn rejected(&self) -> u64 {
        self.rejected
    }

    pub fn clients(&self) -> usize {
        self.buckets.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clients_have_separate_buckets() {
        let now = Instant::now();
        let mut limiter = Limiter::new(1, 1.0);
        assert_eq!(limiter.check_at("a", now), Decision::Allow);
        assert_eq!(limiter.check_at("b", now), Decision::Allow);
        assert!(matches!(limiter.check_at("a", now), Decision::Reject { .. }));
        assert_eq!(limiter.rejected(), 1);
    }
}
