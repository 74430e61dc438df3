//! Token-bucket rate limiting keyed by client.

pub mod bucket;
pub mod limiter;

pub use bucket::TokenBucket;
pub use limiter::{Decision, Limiter};
