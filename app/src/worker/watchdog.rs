//! Noticing that the engine worker died. A worker that traps (a panic, or running out of memory
//! while loading a model) stops answering without any event the page can see through
//! gloo-worker, so while requests are in flight the client pings it when it has been quiet, and
//! gives up on it when a ping goes unanswered for [`Watchdog::DEAD_AFTER_MS`].
//!
//! Pure logic over timestamps, driven by the client's timer; tested natively.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// Nothing to do.
    Fine,
    /// Quiet for a while: send a ping.
    Ping,
    /// A ping went unanswered too long: the worker is gone.
    Dead,
}

#[derive(Debug, Default)]
pub struct Watchdog {
    last_heard_ms: f64,
    ping_sent_ms: Option<f64>,
    dead: bool,
}

impl Watchdog {
    /// Silence before a ping, while requests are in flight.
    pub const QUIET_MS: f64 = 3_000.0;
    /// An unanswered ping this old means the worker is gone. Generous: parsing a large model is
    /// one long synchronous step that answers nothing.
    pub const DEAD_AFTER_MS: f64 = 45_000.0;

    pub fn new(now_ms: f64) -> Self {
        Watchdog { last_heard_ms: now_ms, ping_sent_ms: None, dead: false }
    }

    /// Any message from the worker.
    pub fn heard(&mut self, now_ms: f64) {
        self.last_heard_ms = now_ms;
        self.ping_sent_ms = None;
    }

    /// Called by the client's timer; `busy` is whether requests are waiting for answers.
    pub fn check(&mut self, now_ms: f64, busy: bool) -> Check {
        if self.dead {
            return Check::Fine;
        }
        match self.ping_sent_ms {
            Some(sent) if now_ms - sent > Self::DEAD_AFTER_MS => {
                self.dead = true;
                Check::Dead
            }
            Some(_) => Check::Fine,
            None if busy && now_ms - self.last_heard_ms > Self::QUIET_MS => {
                self.ping_sent_ms = Some(now_ms);
                Check::Ping
            }
            None => Check::Fine,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idle_workers_are_left_alone() {
        let mut w = Watchdog::new(0.0);
        assert_eq!(w.check(1e9, false), Check::Fine);
    }

    #[test]
    fn a_quiet_busy_worker_is_pinged_and_an_answer_clears_it() {
        let mut w = Watchdog::new(0.0);
        assert_eq!(w.check(2_000.0, true), Check::Fine);
        assert_eq!(w.check(3_500.0, true), Check::Ping);
        assert_eq!(w.check(4_000.0, true), Check::Fine, "one ping at a time");
        w.heard(4_100.0);
        assert_eq!(w.check(5_000.0, true), Check::Fine);
        assert_eq!(w.check(8_000.0, true), Check::Ping);
    }

    #[test]
    fn an_unanswered_ping_means_dead_once() {
        let mut w = Watchdog::new(0.0);
        assert_eq!(w.check(4_000.0, true), Check::Ping);
        assert_eq!(w.check(4_000.0 + Watchdog::DEAD_AFTER_MS - 1.0, true), Check::Fine);
        assert_eq!(w.check(4_000.0 + Watchdog::DEAD_AFTER_MS + 1.0, false), Check::Dead);
        assert_eq!(w.check(1e9, true), Check::Fine, "reported once");
    }
}
