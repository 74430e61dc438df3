//! Running hooks against newly arrived files.

use std::io;
use std::path::Path;
use std::process::{Command, ExitStatus};

use crate::config::Hook;

/// Runs `hook` with the file path appended as its last argument.
pub fn run_hook(hook: &Hook, file: &Path) -> io::Result<ExitStatus> {
    Command::new(&hook.program).args(&hook.args).arg(file).status()
}

/// Runs every hook in order and returns the names of those that failed.
pub fn run_all(hooks: &[Hook], file: &Path) -> Vec<String> {
    let mut failed = Vec::new();
    for hook in hooks {
        match run_hook(hook, file) {
            Ok(status) if status.success() => {}
            Ok(status) => {
                eprintln!("onsave: hook {} exited with {status}", hook.name);
                failed.push(hook.name.clone());
            }
            Err(err) => {
                eprintln!("onsave: hook {} could not start: {err}", hook.name);
                failed.push(hook.name.clone());
            }
        }
    }
    failed
}
