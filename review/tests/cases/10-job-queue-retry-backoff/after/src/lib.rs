//! An in-process job queue: jobs become ready at a given time and are handed
//! to a worker in order of readiness.

pub mod job;
pub mod queue;
pub mod worker;

pub use job::{Job, JobId};
pub use queue::Queue;
pub use worker::{run_ready, Outcome};
