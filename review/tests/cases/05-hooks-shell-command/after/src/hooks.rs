//! Running hooks against newly arrived files.

use std::io;
use std::path::Path;
use std::process::{Command, ExitStatus};

use crate::config::Hook;

/// The command line `run_hook` hands to the shell.
pub fn describe(hook: &Hook, file: &Path) -> String {
    format!("{} {}", hook.command, file.display())
}

/// Runs `hook` through `sh -c`, so hooks may use pipes and redirections.
pub fn run_hook(hook: &Hook, file: &Path) -> io::Result<ExitStatus> {
    Command::new("sh").arg("-c").arg(describe(hook, file)).status()
}

/// Runs every hook in order and returns the names of those that failed.
pub fn run_all(hooks: &[Hook], file: &Path, dry_run: bool) -> Vec<String> {
    let mut failed = Vec::new();
    for hook in hooks {
        if dry_run {
            println!("{}: {}", hook.name, describe(hook, file));
            continue;
        }
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
