//! Runs the persistence sweep over a folder and prints the findings (a tool for checking the
//! detectors against real trees, e.g. WordPress core from Debian's `wordpress` package).
//!
//!     cargo run --release --example sweep_tree -- /usr/share/wordpress

use std::path::PathBuf;
use std::time::Instant;

use secure_reopen::sweep::files::{Options, sweep};

fn main() {
    let root = PathBuf::from(std::env::args().nth(1).expect("usage: sweep_tree DIR"));
    let home = root.parent().map(PathBuf::from).unwrap_or_else(|| root.clone());
    let t = Instant::now();
    let report = sweep(&home, std::slice::from_ref(&root), &Options::default());
    let elapsed = t.elapsed();
    for f in &report.findings {
        let whys: Vec<String> = f.hits.iter().map(|h| format!("{:?}@{:?}: {}", h.why, h.line, h.evidence)).collect();
        println!("{}  {}", f.path, whys.join(" | "));
    }
    eprintln!("{} entries, {} findings, {:.3} s", report.files_seen, report.findings.len(), elapsed.as_secs_f64());
}
