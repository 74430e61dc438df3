//! A map whose entries expire a fixed time after they were inserted.

mod cache;
mod clock;

pub use cache::TtlCache;
pub use clock::{Clock, ManualClock, SystemClock};
