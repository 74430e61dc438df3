//! Keeps the last N samples of a metric and summarises them.

pub mod ring;
pub mod stats;

pub use ring::Ring;
pub use stats::Summary;
