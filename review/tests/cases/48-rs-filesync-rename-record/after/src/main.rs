mod diff;
mod hash;
mod manifest;

use std::env;
use std::path::Path;
use std::process;

use manifest::scan_tree;

fn usage() -> ! {
    eprintln!("usage: syncplan <local-dir> <remote-dir> <snapshot-dir>");
    process::exit(2);
}

fn scan_or_exit(label: &str, dir: &str) -> manifest::Manifest {
    match scan_tree(Path::new(dir)) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("syncplan: cannot scan {} directory {}: {}", label, dir, e);
            process::exit(1);
        }
    }
}

fn main() {
    let args: Vec<String> = env::args().skip(1).collect();
    let (local, remote, snapshot) = match args.as_slice() {
        [l, r, s] => (l, r, s),
        _ => usage(),
    };
    let local = scan_or_exit("local", local);
    let remote = scan_or_exit("remote", remote);
    let base = scan_or_exit("snapshot", snapshot);

    let plan = diff::plan(&local, &remote, &base);
    if plan.is_empty() {
        println!("in sync");
        return;
    }
    for p in &plan.upload {
        println!("upload   {}", p.display());
    }
    for p in &plan.download {
        println!("download {}", p.display());
    }
    for p in &plan.conflicts {
        println!("CONFLICT {}", p.display());
    }
    if !plan.conflicts.is_empty() {
        process::exit(3);
    }
}
