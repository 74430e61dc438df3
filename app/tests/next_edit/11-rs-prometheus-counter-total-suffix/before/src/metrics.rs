use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

#[derive(Default)]
pub struct Registry {
    counters: BTreeMap<&'static str, Arc<AtomicU64>>,
    gauges: BTreeMap<&'static str, Arc<AtomicU64>>,
}

impl Registry {
    pub fn counter(&mut self, name: &'static str) -> Arc<AtomicU64> {
        self.counters.entry(name).or_default().clone()
    }

    pub fn gauge(&mut self, name: &'static str) -> Arc<AtomicU64> {
        self.gauges.entry(name).or_default().clone()
    }

    pub fn render(&self) -> String {
        let mut out = String::new();
        for (name, value) in &self.counters {
            let v = value.load(Ordering::Relaxed);
            out.push_str(&format!("# TYPE {name} counter\n{name} {v}\n"));
        }
        for (name, value) in &self.gauges {
            let v = value.load(Ordering::Relaxed);
            out.push_str(&format!("# TYPE {name} gauge\n{name} {v}\n"));
        }
        out
    }
}

pub struct HttpMetrics {
    pub requests: Arc<AtomicU64>,
    pub in_flight: Arc<AtomicU64>,
}

impl HttpMetrics {
    pub fn register(r: &mut Registry) -> Self {
        HttpMetrics {
            requests: r.counter("http_requests"),
            in_flight: r.gauge("http_requests_in_flight"),
        }
    }
}

pub struct DbMetrics {
    pub pool_size: Arc<AtomicU64>,
    pub queries: Arc<AtomicU64>,
}

impl DbMetrics {
    pub fn register(r: &mut Registry) -> Self {
        DbMetrics {
            pool_size: r.gauge("db_pool_connections"),
            queries: r.counter("db_queries"),
        }
    }
}

pub struct CacheMetrics {
    pub hits: Arc<AtomicU64>,
    pub entries: Arc<AtomicU64>,
    pub memory_bytes: Arc<AtomicU64>,
    pub evictions: Arc<AtomicU64>,
}

impl CacheMetrics {
    pub fn register(r: &mut Registry) -> Self {
        CacheMetrics {
            hits: r.counter("cache_hits"),
            entries: r.gauge("cache_entries"),
            memory_bytes: r.gauge("cache_memory_bytes"),
            evictions: r.counter("cache_evictions"),
        }
    }
}
