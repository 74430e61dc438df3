use std::collections::HashMap;
use std::hash::Hash;
use std::time::{Duration, Instant};

use crate::clock::{Clock, SystemClock};

#[derive(Debug)]
struct Entry<V> {
    value: V,
    inserted: Instant,
}

/// A map whose entries expire `ttl` after insertion. Expired entries are
/// invisible to readers and are dropped lazily or by `purge_expired`.
pub struct TtlCache<K, V, C = SystemClock> {
    entries: HashMap<K, Entry<V>>,
    ttl: Duration,
    clock: C,
}

impl<K: Eq + Hash, V> TtlCache<K, V, SystemClock> {
    pub fn new(ttl: Duration) -> Self {
        Self::with_clock(ttl, SystemClock)
    }
}

impl<K: Eq + Hash, V, C: Clock> TtlCache<K, V, C> {
    pub fn with_clock(ttl: Duration, clock: C) -> Self {
        TtlCache { entries: HashMap::new(), ttl, clock }
    }

    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        let entry = Entry { value, inserted: self.clock.now() };
        self.entries.insert(key, entry).map(|old| old.value)
    }

    /// Returns the value if it is present and has not expired. An expired
    /// entry is removed on the way.
    pub fn get(&mut self, key: &K) -> Option<&V> {
        let now = self.clock.now();
        let expired = match self.entries.get(key) {
            Some(entry) => now.saturating_duration_since(entry.inserted) >= self.ttl,
            None => return None,
        };
        if expired {
            self.entries.remove(key);
            return None;
        }
        self.entries.get(key).map(|entry| &entry.value)
    }

    pub fn remove(&mut self, key: &K) -> Option<V> {
        self.entries.remove(key).map(|entry| entry.value)
    }

    /// Whether `key` is present and fresh, without touching the entry.
    pub fn contains_key(&self, key: &K) -> bool {
        let now = self.clock.now();
        self.entries
            .get(key)
            .is_some_and(|entry| now.saturating_duration_since(entry.inserted) < self.ttl)
    }

    /// Number of entries, counting expired ones not yet purged.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Drops every expired entry and returns how many were dropped.
    pub fn purge_expired(&mut self) -> usize {
        let now = self.clock.now();
        let ttl = self.ttl;
        let before = self.entries.len();
        self.entries
            .retain(|_, entry| now.saturating_duration_since(entry.inserted) < ttl);
        before - self.entries.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ManualClock;

    fn cache() -> TtlCache<&'static str, u32, ManualClock> {
        TtlCache::with_clock(Duration::from_secs(10), ManualClock::new())
    }

    #[test]
    fn fresh_entries_are_visible() {
        let mut cache = cache();
        cache.insert("a", 1);
        cache.clock.advance(Duration::from_secs(9));
        assert_eq!(cache.get(&"a"), Some(&1));
        assert!(cache.contains_key(&"a"));
    }

    #[test]
    fn entries_expire_exactly_at_ttl() {
        let mut cache = cache();
        cache.insert("a", 1);
        cache.clock.advance(Duration::from_secs(10));
        assert!(!cache.contains_key(&"a"));
        assert_eq!(cache.get(&"a"), None);
        assert!(cache.is_empty());
    }

    #[test]
    fn purge_drops_only_expired() {
        let mut cache = cache();
        cache.insert("old", 1);
        cache.clock.advance(Duration::from_secs(6));
        cache.insert("new", 2);
        cache.clock.advance(Duration::from_secs(6));
        assert_eq!(cache.purge_expired(), 1);
        assert_eq!(cache.len(), 1);
    }
}
