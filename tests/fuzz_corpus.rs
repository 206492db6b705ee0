//! The fuzz targets' committed inputs, replayed on the stable toolchain: every seed under
//! `fuzz/corpus/<target>/` and every crash the fuzzers once found (`fuzz/regressions/<target>/`,
//! each fixed) goes through the target's body, invariants included. The fuzzing itself runs in
//! scripts/test.sh (bounded) and scripts/fuzz.sh (long).

use std::path::Path;

use secure_reopen::fuzzing::TARGETS;

fn replay(folder: &str) -> usize {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz").join(folder);
    let mut n = 0;
    for (name, body) in TARGETS {
        let Ok(dir) = std::fs::read_dir(root.join(name)) else { continue };
        for entry in dir {
            let path = entry.expect("a corpus entry").path();
            let data = std::fs::read(&path).expect("a corpus file");
            let r = std::panic::catch_unwind(|| body(&data));
            assert!(r.is_ok(), "fuzz target {name} fails on {}", path.display());
            n += 1;
        }
    }
    n
}

#[test]
fn every_target_has_a_seed_and_every_seed_passes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    for (name, _) in TARGETS {
        let seeds = std::fs::read_dir(root.join(name)).map(|d| d.count()).unwrap_or(0);
        assert!(seeds > 0, "fuzz target {name} has no seed in fuzz/corpus/{name}");
    }
    assert!(replay("corpus") >= TARGETS.len());
}

#[test]
fn every_crash_the_fuzzers_found_stays_fixed() {
    replay("regressions");
}

#[test]
fn every_target_is_a_cargo_fuzz_binary() {
    let manifest = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/Cargo.toml")).unwrap();
    for (name, _) in TARGETS {
        assert!(manifest.contains(&format!("name = \"{name}\"")), "fuzz/Cargo.toml lacks target {name}");
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("fuzz/fuzz_targets/{name}.rs"));
        let text = std::fs::read_to_string(&src).unwrap_or_default();
        assert!(text.contains(&format!("fuzzing::{name}(")), "{} does not call fuzzing::{name}", src.display());
    }
}
