//! The cost of the sweep's detectors per file, for the "no file above 50 ms per MB" bar: every
//! file the sweep would read under DIR is judged on one thread, in `ROUNDS` rounds over all the
//! files (5 unless set), and each file's best round counts: a busy moment of a shared machine
//! slows one round of a file, not all of them, where back-to-back repeats are all slowed
//! together. The most expensive are printed, as ms per MB for files of 64 KB and more (below
//! that a file's fixed cost dominates) and as absolute time for all.
//!
//!     cargo run --release --example sweep_cost -- DIR [DIR…]
//!     ROUNDS=9 cargo run --release --example sweep_cost -- DIR

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use secure_reopen::sweep::detect;

/// Files of at least this size are ranked by ms per MB.
const PER_MB_FROM: usize = 64 << 10;

struct Cost {
    path: PathBuf,
    bytes: usize,
    best: Duration,
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let Ok(t) = e.file_type() else { continue };
        if t.is_dir() {
            walk(&e.path(), out);
        } else if t.is_file() && detect::wants_content(&e.file_name().to_string_lossy()) {
            out.push(e.path());
        }
    }
}

fn main() {
    let dirs: Vec<PathBuf> = std::env::args().skip(1).map(PathBuf::from).collect();
    assert!(!dirs.is_empty(), "usage: sweep_cost DIR [DIR…]");
    let mut files = Vec::new();
    for d in &dirs {
        walk(d, &mut files);
    }
    let rounds: usize = std::env::var("ROUNDS").ok().and_then(|r| r.parse().ok()).unwrap_or(5).max(1);
    let mut texts = Vec::with_capacity(files.len());
    for path in files {
        let Ok(mut text) = std::fs::read(&path) else { continue };
        text.truncate(8 << 20);
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let rel = path.to_string_lossy().into_owned();
        texts.push((path, name, rel, text));
    }
    let mut best = vec![Duration::MAX; texts.len()];
    for _ in 0..rounds {
        for ((_, name, rel, text), best) in texts.iter().zip(&mut best) {
            let t = Instant::now();
            std::hint::black_box(detect::judge(rel, name, text, &[]));
            *best = (*best).min(t.elapsed());
        }
    }
    let (mut total_bytes, mut total) = (0usize, Duration::ZERO);
    let mut costs = Vec::with_capacity(texts.len());
    for ((path, _, _, text), best) in texts.into_iter().zip(best) {
        total_bytes += text.len();
        total += best;
        costs.push(Cost { path, bytes: text.len(), best });
    }
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let per_mb = |c: &Cost| ms(c.best) / (c.bytes as f64 / 1_048_576.0);
    println!(
        "{} files, {:.1} MB, {:.2} s in all on one thread ({:.2} ms per MB on average; best of {rounds} rounds)",
        costs.len(),
        total_bytes as f64 / 1_048_576.0,
        total.as_secs_f64(),
        ms(total) / (total_bytes as f64 / 1_048_576.0)
    );
    let mut big: Vec<&Cost> = costs.iter().filter(|c| c.bytes >= PER_MB_FROM).collect();
    big.sort_by(|a, b| per_mb(b).total_cmp(&per_mb(a)));
    println!("most expensive per MB (files of 64 KB and more, {} of them):", big.len());
    for c in big.iter().take(20) {
        println!("  {:8.1} ms/MB  {:8.2} ms  {:8} bytes  {}", per_mb(c), ms(c.best), c.bytes, c.path.display());
    }
    costs.sort_by_key(|c| std::cmp::Reverse(c.best));
    println!("slowest files:");
    for c in costs.iter().take(5) {
        println!("  {:8.2} ms  {:8} bytes  {:8.1} ms/MB  {}", ms(c.best), c.bytes, per_mb(c), c.path.display());
    }
}
