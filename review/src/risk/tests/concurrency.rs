//! Tests of the concurrency rules.

use super::*;

#[test]
fn rust_concurrency() {
    expect(risks("src/jobs.rs", "", "    let handle = thread::spawn(move || work(rx));"), &[Concurrency]);
    expect(risks("src/jobs.rs", "", "    tokio::spawn(async move { flush(queue).await });"), &[Concurrency]);
    let found = expect(
        risks("src/audit.rs", "", "static LOG: Mutex<Vec<Action>> = Mutex::new(Vec::new());"),
        &[Concurrency],
    );
    assert!(reason(&found, Concurrency).starts_with("Adds shared global state"));
    expect(risks("src/flag.rs", "", "    READY.store(true, Ordering::Relaxed);"), &[Concurrency]);
    // The plumbing of such a change is judged where the threads start: a `Mutex` field, its
    // constructor, a lock taken, a counter bumped with `Relaxed`.
    expect(
        risks(
            "src/cache.rs",
            "    buckets: HashMap<String, Bucket>,",
            "    buckets: Mutex<HashMap<String, Bucket>>,",
        ),
        &[],
    );
    expect(
        risks(
            "src/cache.rs",
            "    let cache = HashMap::new();",
            "    let cache = Arc::new(Mutex::new(HashMap::new()));",
        ),
        &[],
    );
    expect(
        risks(
            "src/stats.rs",
            "    self.rejected += 1;",
            "    self.rejected.fetch_add(1, Ordering::Relaxed);",
        ),
        &[],
    );
    expect(risks("src/jobs.rs", "", "use std::sync::{Arc, Mutex};"), &[]);
    expect(risks("src/jobs.rs", "", "    let child = Command::new(\"make\").spawn()?;"), &[]);
    // `lock().unwrap()` only panics on a poisoned lock: the idiom, not a new panic.
    expect(
        risks("src/cache.rs", "    let n = self.map.len();", "    let n = self.map.lock().unwrap().len();"),
        &[],
    );
}

#[test]
fn removed_lock_is_concurrency() {
    let found = expect(
        risks(
            "cache/memory.py",
            "
    def put(self, key, value):
        with self._lock:
            self._data[key] = value",
            "
    def put(self, key, value):
        self._data[key] = value",
        ),
        &[Concurrency],
    );
    assert!(reason(&found, Concurrency).starts_with("Removes the lock in `with self._lock`"));
}

#[test]
fn python_and_js_concurrency() {
    expect(risks("app/jobs.py", "", "    t = threading.Thread(target=work)"), &[Concurrency]);
    expect(risks("app/jobs.py", "", "    results = await asyncio.gather(*tasks)"), &[Concurrency]);
    expect(risks("web/main.js", "", "  const worker = new Worker(\"worker.js\");"), &[Concurrency]);
    expect(risks("web/main.js", "", "  const results = await Promise.all(tasks);"), &[]);
    expect(risks("web/pool.ts", "", "  readonly progress = new SharedArrayBuffer(4);"), &[Concurrency]);
    expect(risks("web/worker.ts", "", "  Atomics.add(progress, 0, n);"), &[Concurrency]);
    // A type annotation and a read are not where shared memory starts.
    expect(
        risks(
            "web/messages.ts",
            "",
            "  progress: SharedArrayBuffer;\n  const done = Atomics.load(counter, 0);",
        ),
        &[],
    );
}
