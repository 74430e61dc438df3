use std::path::PathBuf;
use std::process::ExitCode;

mod config;
mod env;
mod loader;

fn usage() -> ExitCode {
    eprintln!("usage: confkit <file> [--set key=value]... [--get key]");
    ExitCode::from(2)
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next().map(PathBuf::from) else {
        return usage();
    };
    let mut config = match loader::load(&path) {
        Ok(config) => config,
        Err(err) => {
            eprintln!("confkit: {}: {err:?}", path.display());
            return ExitCode::FAILURE;
        }
    };
    if let Err(err) = env::apply_env(&mut config) {
        eprintln!("confkit: ${}: {err}", env::OVERRIDE_VAR);
        return ExitCode::FAILURE;
    }

    let mut get = None;
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--set" => {
                let Some(pair) = args.next() else { return usage() };
                match config::parse_kv(&pair, 0) {
                    Ok((key, value)) => {
                        config.set(key, value);
                    }
                    Err(err) => {
                        eprintln!("confkit: --set {pair}: {err}");
                        return ExitCode::FAILURE;
                    }
                }
            }
            "--get" => get = args.next(),
            _ => return usage(),
        }
    }

    match get {
        Some(key) => match config.get(&key) {
            Some(value) => println!("{value}"),
            None => return ExitCode::FAILURE,
        },
        None => {
            for key in config.keys() {
                println!("{key} = {}", config.get(key).unwrap_or_default());
            }
        }
    }
    ExitCode::SUCCESS
}
