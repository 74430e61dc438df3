use std::time::Instant;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct JobId(pub u64);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub id: JobId,
    pub kind: String,
    pub payload: String,
    pub ready_at: Instant,
    /// How many times the job has been tried and failed.
    pub attempts: u32,
}

impl Job {
    pub fn new(id: JobId, kind: &str, payload: &str, ready_at: Instant) -> Self {
        Job { id, kind: kind.to_string(), payload: payload.to_string(), ready_at, attempts: 0 }
    }

    pub fn is_ready(&self, now: Instant) -> bool {
        self.ready_at <= now
    }
}
