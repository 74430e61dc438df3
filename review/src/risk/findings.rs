//! Findings: pattern hits on each side, netted against each other, and the hunk's list of risks
//! they become (tiered, at most one per rule and line, a few per rule).

use std::collections::{HashMap, HashSet};

use crate::hunk::{Risk, Rule, Side, Tier};

use super::read::{Change, Code};

/// Findings of one rule in one hunk past this many are dropped: the badge is the same and the list
/// stays readable.
const MAX_PER_RULE: usize = 5;

/// One occurrence of a pattern, before netting against the other side.
pub(super) struct Hit {
    rule: Rule,
    /// Occurrences of the same kind cancel across the sides.
    pub(super) kind: &'static str,
    /// Occurrences with the same kind and key cancel first (the same call, moved).
    pub(super) key: String,
    pub(super) side: Side,
    pub(super) line: u32,
    pub(super) tok: usize,
    pub(super) reason: String,
    /// Cancels only against the same key: a different index into the same slice is a new risk.
    exact: bool,
}

pub(super) struct HitBuilder {
    pub(super) rule: Rule,
    pub(super) kind: &'static str,
    pub(super) key: String,
    pub(super) side: Side,
    pub(super) line: u32,
    pub(super) tok: usize,
}

impl HitBuilder {
    pub(super) fn because(self, reason: String) -> Hit {
        Hit {
            rule: self.rule,
            kind: self.kind,
            key: self.key,
            side: self.side,
            line: self.line,
            tok: self.tok,
            reason,
            exact: false,
        }
    }
}

impl Hit {
    pub(super) fn exact(mut self) -> Hit {
        self.exact = true;
        self
    }
}

/// Cancels occurrences found on both sides: first those with the same key (the same call moved),
/// then any of the same kind (one `.unwrap()` traded for another). What is left is net.
pub(super) fn net(mut gone: Vec<Hit>, mut new: Vec<Hit>) -> (Vec<Hit>, Vec<Hit>) {
    for exact in [true, false] {
        let mut i = 0;
        while i < gone.len() {
            let g = &gone[i];
            let same = |n: &Hit| n.kind == g.kind && (n.key == g.key || !(exact || g.exact || n.exact));
            match new.iter().position(same) {
                Some(j) => {
                    new.remove(j);
                    gone.remove(i);
                }
                None => i += 1,
            }
        }
    }
    (gone, new)
}

/// Runs a pattern scan on both sides and reports what the new code has more of.
pub(super) fn net_new(h: &Change, out: &mut Findings, scan: fn(&Code) -> Vec<Hit>) {
    let (_, new) = net(scan(&h.rem), scan(&h.add));
    for hit in new {
        out.hit(hit);
    }
}

#[derive(Default)]
pub(super) struct Findings {
    risks: Vec<Risk>,
    seen: HashSet<(Rule, Side, u32)>,
    per_rule: HashMap<Rule, usize>,
}

impl Findings {
    pub(super) fn add(&mut self, rule: Rule, side: Side, line: u32, reason: String) {
        let count = self.per_rule.entry(rule).or_default();
        if *count >= MAX_PER_RULE || !self.seen.insert((rule, side, line)) {
            return;
        }
        *count += 1;
        self.risks.push(Risk { rule, tier: tier(rule), reason, side, line });
    }

    pub(super) fn hit(&mut self, h: Hit) {
        self.add(h.rule, h.side, h.line, h.reason);
    }

    pub(super) fn finish(mut self) -> Vec<Risk> {
        self.risks.sort_by_key(|r| (std::cmp::Reverse(r.tier), r.rule));
        self.risks
    }
}

fn tier(rule: Rule) -> Tier {
    match rule {
        Rule::ErrorHandling | Rule::Unsafe | Rule::Security | Rule::Injection | Rule::DeletedTest => {
            Tier::High
        }
        Rule::Panic | Rule::Boundary | Rule::Concurrency => Tier::Medium,
        Rule::Churn | Rule::Surprisal => Tier::Low,
    }
}
