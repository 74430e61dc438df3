use std::fs::File;
use std::io;
use std::process::ExitCode;

mod count;
mod output;

use count::Counts;

fn main() -> ExitCode {
    let (flags, paths): (Vec<String>, Vec<String>) =
        std::env::args().skip(1).partition(|arg| arg.starts_with("--"));
    let json = match flags.as_slice() {
        [] => false,
        [flag] if flag == "--json" => true,
        _ => {
            eprintln!("usage: tally [--json] [FILE]...");
            return ExitCode::from(2);
        }
    };
    let mut rows = Vec::new();
    let mut status = ExitCode::SUCCESS;

    if paths.is_empty() {
        match Counts::read(io::stdin().lock()) {
            Ok(counts) => rows.push(("-".to_string(), counts)),
            Err(err) => {
                eprintln!("tally: stdin: {err}");
                return ExitCode::FAILURE;
            }
        }
    }
    for path in &paths {
        match File::open(path).and_then(Counts::read) {
            Ok(counts) => rows.push((path.clone(), counts)),
            Err(err) => {
                eprintln!("tally: {path}: {err}");
                status = ExitCode::FAILURE;
            }
        }
    }

    if json {
        match output::render_json(&rows) {
            Ok(line) => println!("{line}"),
            Err(err) => {
                eprintln!("tally: cannot encode JSON: {err}");
                return ExitCode::FAILURE;
            }
        }
    } else {
        print!("{}", output::render_table(&rows));
    }
    status
}
