use std::fs::File;
use std::io;
use std::process::ExitCode;

mod count;
mod output;

use count::Counts;

fn main() -> ExitCode {
    let paths: Vec<String> = std::env::args().skip(1).collect();
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

    print!("{}", output::render_table(&rows));
    status
}
