use std::time::Instant;

use crate::job::Job;
use crate::queue::Queue;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Outcome {
    pub succeeded: usize,
    pub failed: usize,
}

/// Runs every job that is ready at `now` with `handler`. A job whose handler
/// returns an error is logged and dropped.
pub fn run_ready<F>(queue: &mut Queue, now: Instant, mut handler: F) -> Outcome
where
    F: FnMut(&Job) -> Result<(), String>,
{
    let mut outcome = Outcome::default();
    while let Some(job) = queue.pop_ready(now) {
        match handler(&job) {
            Ok(()) => outcome.succeeded += 1,
            Err(err) => {
                eprintln!("jobq: job {:?} ({}) failed: {err}", job.id, job.kind);
                outcome.failed += 1;
            }
        }
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_successes_and_failures() {
        let now = Instant::now();
        let mut queue = Queue::new();
        queue.push("ok", "", now);
        queue.push("bad", "", now);
        let outcome = run_ready(&mut queue, now, |job| {
            if job.kind == "ok" { Ok(()) } else { Err("boom".into()) }
        });
        assert_eq!(outcome, Outcome { succeeded: 1, failed: 1 });
        assert!(queue.is_empty());
    }
}
