use std::collections::VecDeque;
use std::time::Instant;

use crate::job::{Job, JobId};

/// Jobs waiting to run, ordered by `ready_at`.
#[derive(Debug, Default)]
pub struct Queue {
    pending: VecDeque<Job>,
    next_id: u64,
}

impl Queue {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn push(&mut self, kind: &str, payload: &str, ready_at: Instant) -> JobId {
        self.next_id += 1;
        let job = Job::new(JobId(self.next_id), kind, payload, ready_at);
        let id = job.id;
        self.insert(job);
        id
    }

    fn insert(&mut self, job: Job) {
        let at = self.pending.partition_point(|j| j.ready_at <= job.ready_at);
        self.pending.insert(at, job);
    }

    /// Removes and returns the first job that is ready at `now`.
    pub fn pop_ready(&mut self, now: Instant) -> Option<Job> {
        match self.pending.front() {
            Some(job) if job.is_ready(now) => self.pending.pop_front(),
            _ => None,
        }
    }

    pub fn len(&self) -> usize {
        self.pending.len()
    }

    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn pops_in_order_of_readiness() {
        let now = Instant::now();
        let mut queue = Queue::new();
        let late = queue.push("mail", "b", now + Duration::from_secs(5));
        let early = queue.push("mail", "a", now);
        assert_eq!(queue.pop_ready(now).map(|j| j.id), Some(early));
        assert_eq!(queue.pop_ready(now), None);
        let later = now + Duration::from_secs(5);
        assert_eq!(queue.pop_ready(later).map(|j| j.id), Some(late));
    }
}
