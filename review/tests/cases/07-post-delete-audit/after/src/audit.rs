//! An append-only record of moderation actions, kept for administrators.

use std::sync::Mutex;

use crate::auth::UserId;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Action {
    pub actor: UserId,
    pub verb: &'static str,
    pub post: u64,
}

static LOG: Mutex<Vec<Action>> = Mutex::new(Vec::new());

pub fn record(actor: UserId, verb: &'static str, post: u64) {
    if let Ok(mut log) = LOG.lock() {
        log.push(Action { actor, verb, post });
    }
}

pub fn recent(limit: usize) -> Vec<Action> {
    match LOG.lock() {
        Ok(log) => log.iter().rev().take(limit).cloned().collect(),
        Err(_) => Vec::new(),
    }
}
