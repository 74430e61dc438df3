//! Concurrency: where threads or tasks start, where shared or global state appears, and removed
//! locks.

use crate::hunk::Rule;
use crate::lang::Language;
use crate::lex::TokenKind;

use super::findings::{net, net_new, Findings, Hit};
use super::read::{Change, Code};
use super::text::components;

/// Where concurrency starts or shared state appears: spawned threads and tasks, globals behind
/// locks or atomics, hand-written `Send`/`Sync`, shared memory. A `Mutex` field, a type
/// annotation or a `lock()` call alone is the plumbing of such a change, not where it is judged.
fn concurrency_hits(c: &Code) -> Vec<Hit> {
    use Language::*;
    let mut hits = Vec::new();
    let async_code = (0..c.toks.len()).any(|k| matches!(c.text(k), "async" | "await"));
    for i in 0..c.toks.len() {
        if !c.touched(i) || !c.prod(i) {
            continue;
        }
        let t = c.toks[i];
        let (prev, prev2, next) = (c.prev(i, 1), c.prev(i, 2), c.text(i + 1));
        let x = t.text;
        let kind = match (c.lang, x) {
            (Rust, "spawn")
                if prev == "::"
                    && matches!(prev2, "thread" | "tokio" | "task" | "rayon" | "async_std" | "smol") =>
            {
                Some("spawn")
            }
            (Rust, "spawn_blocking" | "spawn_local") => Some("spawn"),
            (Rust, "static") if t.kind == TokenKind::Keyword && shared_static(c, i) => Some("global"),
            (Rust, "Send" | "Sync")
                if (i.saturating_sub(8)..i).any(|k| c.text(k) == "unsafe")
                    && (i.saturating_sub(8)..i).any(|k| c.text(k) == "impl") =>
            {
                Some("send-sync")
            }
            // Relaxed is right for counters; on a store or exchange it usually publishes data.
            (Rust, "Relaxed")
                if prev == "::"
                    && matches!(
                        enclosing_call(c, i),
                        "store" | "swap" | "compare_exchange" | "compare_exchange_weak" | "compare_and_swap"
                    ) =>
            {
                Some("relaxed")
            }
            (Rust, "channel" | "sync_channel") if prev == "::" && prev2 == "mpsc" => Some("channel"),
            (Python, "threading" | "multiprocessing") if next == "." => Some("threads"),
            (
                Python,
                "gather"
                | "create_task"
                | "ensure_future"
                | "run_coroutine_threadsafe"
                | "to_thread"
                | "TaskGroup",
            ) if prev == "." => Some("tasks"),
            (Python, "ThreadPoolExecutor" | "ProcessPoolExecutor" | "Thread") if next == "(" => {
                Some("threads")
            }
            (Python, "Lock" | "RLock" | "Semaphore" | "BoundedSemaphore") if next == "(" => Some("lock"),
            (Python, "global") if async_code => Some("global"),
            (JavaScript | TypeScript, "Worker") if prev == "new" => Some("threads"),
            (JavaScript | TypeScript, "SharedArrayBuffer") if prev == "new" => Some("shared"),
            (JavaScript | TypeScript, "Atomics")
                if next == "."
                    && matches!(
                        c.text(i + 2),
                        "add"
                            | "sub"
                            | "and"
                            | "or"
                            | "xor"
                            | "store"
                            | "exchange"
                            | "compareExchange"
                            | "wait"
                            | "waitAsync"
                            | "notify"
                    ) =>
            {
                Some("shared")
            }
            _ => None,
        };
        let Some(kind) = kind else { continue };
        let q = c.code_line(t.line);
        let reason = match kind {
            "spawn" | "threads" | "tasks" => {
                format!("Starts concurrent work in `{q}`: check shared state, errors and shutdown")
            }
            "global" => format!("Adds shared global state in `{q}`: every thread or task now contends for it"),
            "send-sync" => {
                format!("Implements `{x}` by hand in `{q}`: the compiler no longer checks thread safety")
            }
            "relaxed" => format!(
                "Publishes with `Ordering::Relaxed` in `{q}`: other threads may see it before the data it guards"
            ),
            "channel" => format!("Adds a channel in `{q}`: check both ends close and nothing blocks forever"),
            "lock" => format!("Adds a lock in `{q}`: check every access to what it guards takes it"),
            _ => format!("Shares memory between threads in `{q}`: check ordering and races"),
        };
        hits.push(c.hit(Rule::Concurrency, kind, x, i).because(reason));
    }
    hits
}

/// A Rust `static` that holds shared mutable state: `static mut`, or a lock or atomic.
fn shared_static(c: &Code, at: usize) -> bool {
    if c.text(at + 1) == "mut" {
        return true;
    }
    let end = c.stmt_end(at);
    (at..=end).any(|k| {
        let x = c.text(k);
        matches!(x, "Mutex" | "RwLock" | "RefCell" | "Cell") || (x.starts_with("Atomic") && x.len() > 6)
    })
}

/// The function whose argument list holds token `i`.
/// The function whose argument list holds token `i` (list brackets in between are looked through).
fn enclosing_call<'a>(c: &Code<'a>, i: usize) -> &'a str {
    let mut depth = 0;
    for k in (i.saturating_sub(120)..i).rev() {
        match c.text(k) {
            ")" | "]" => depth += 1,
            "(" | "[" if depth > 0 => depth -= 1,
            "(" => return c.prev(k, 1),
            _ => {}
        }
    }
    ""
}

/// Locks on one side: removing one leaves what it guarded to race.
fn locks(c: &Code) -> Vec<Hit> {
    let mut hits = Vec::new();
    for i in 0..c.toks.len() {
        if !c.touched(i) || !c.prod(i) {
            continue;
        }
        let t = c.toks[i];
        let lock = match c.lang {
            Language::Python => {
                (matches!(t.text, "Lock" | "RLock") && c.text(i + 1) == "(")
                    || (t.text == "with" && {
                        let r = c.line_toks(t.line);
                        r.clone().any(|k| components(c.text(k)).iter().any(|w| w == "lock"))
                    })
            }
            Language::Rust => matches!(t.text, "Mutex" | "RwLock") && c.text(i + 1) == "::",
            _ => false,
        };
        if lock {
            let q = c.code_line(t.line);
            hits.push(c.hit(Rule::Concurrency, "lock", t.text, i).because(format!(
                "Removes the lock in `{q}`: what it guarded can now be changed by two threads at once"
            )));
        }
    }
    hits
}

pub(super) fn concurrency(h: &Change, out: &mut Findings) {
    net_new(h, out, concurrency_hits);
    let (gone, _) = net(locks(&h.rem), locks(&h.add));
    for hit in gone {
        out.hit(hit);
    }
}
