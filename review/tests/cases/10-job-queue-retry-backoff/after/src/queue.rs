use std::collections::VecDeque;
use std::time::{Duration, Instant};

use crate::job::{Job, JobId};

/// Jobs waiting to run, ordered by `ready_at`.
#[derive(Debug, Default)]
pub struct Queue {
    pending: VecDeque<Job>,
    dead: Vec<Job>,
    next_id: u64,
}

/// Base delay before the first retry; each later retry waits twice as long.
pub const RETRY_BASE: Duration = Duration::from_secs(2);

/// A job is tried at most this many times before it is set aside.
pub const MAX_ATTEMPTS: u32 = 5;

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

    /// Schedules a failed job again with exponential backoff, or moves it to
    /// the dead-letter list once it has used up its attempts. Returns whether
    /// the job will be retried.
    pub fn retry(&mut self, mut job: Job, now: Instant) -> bool {
        job.attempts += 1;
        if job.attempts >= MAX_ATTEMPTS {
            self.dead.push(job);
            return false;
        }
        job.ready_at = now + RETRY_BASE * 2u32.pow(job.attempts - 1);
        self.insert(job);
        true
    }

    /// Jobs that failed `MAX_ATTEMPTS` times.
    pub fn dead_letters(&self) -> &[Job] {
        &self.dead
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

    #[test]
    fn retry_backs_off_then_gives_up() {
        let now = Instant::now();
        let mut queue = Queue::new();
        queue.push("mail", "a", now);
        let job = queue.pop_ready(now).unwrap();
        assert!(queue.retry(job, now));
        assert_eq!(queue.pop_ready(now), None);
        let mut job = queue.pop_ready(now + RETRY_BASE).unwrap();
        assert_eq!(job.attempts, 1);
        for _ in 1..MAX_ATTEMPTS - 1 {
            assert!(queue.retry(job, now));
            job = queue.pop_ready(now + Duration::from_secs(3600)).unwrap();
        }
        assert!(!queue.retry(job, now));
        assert!(queue.is_empty());
        assert_eq!(queue.dead_letters().len(), 1);
    }
}
