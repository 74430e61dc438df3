use std::collections::HashSet;
use std::fs;
use std::path::PathBuf;
use std::process::ExitCode;
use std::thread::sleep;
use std::time::Duration;

mod config;
mod hooks;

fn main() -> ExitCode {
    let path = std::env::args().nth(1).map(PathBuf::from).unwrap_or_else(|| "onsave.conf".into());
    let config = match fs::read_to_string(&path).map(|src| config::parse(&src)) {
        Ok(Ok(config)) => config,
        Ok(Err(err)) => {
            eprintln!("onsave: {}: {err:?}", path.display());
            return ExitCode::FAILURE;
        }
        Err(err) => {
            eprintln!("onsave: {}: {err}", path.display());
            return ExitCode::FAILURE;
        }
    };

    let mut seen = HashSet::new();
    loop {
        let entries = match fs::read_dir(&config.inbox) {
            Ok(entries) => entries,
            Err(err) => {
                eprintln!("onsave: {}: {err}", config.inbox.display());
                return ExitCode::FAILURE;
            }
        };
        for entry in entries.flatten() {
            let file = entry.path();
            if file.is_file() && seen.insert(file.clone()) {
                let failed = hooks::run_all(&config.hooks, &file);
                if !failed.is_empty() {
                    eprintln!("onsave: {}: {} hook(s) failed", file.display(), failed.len());
                }
            }
        }
        sleep(Duration::from_secs(2));
    }
}
