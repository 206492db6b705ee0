//! README.md and ARCHITECTURE.md are maps: every file, folder and Rust item they name in
//! backticks must exist, so the map cannot drift from the code unnoticed.

use std::path::{Path, PathBuf};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Backticked words of a Markdown file, with the line they are on.
fn code_spans(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut in_block = false;
    for (n, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            in_block = !in_block;
            continue;
        }
        if in_block {
            continue;
        }
        let mut parts = line.split('`');
        parts.next();
        while let (Some(span), rest) = (parts.next(), parts.next()) {
            out.push((n + 1, span.to_owned()));
            if rest.is_none() {
                break;
            }
        }
    }
    out
}

const REPO_DIRS: &[&str] = &["src", "sim", "plugin", "tests", "scripts", "examples", "docs", ".ci", "fuzz"];
const SOURCE_EXTS: &[&str] = &[".rs", ".sh", ".pm", ".mjs"];

/// Every file of the repository below `dir` (not `target`, `node_modules` or dot folders).
fn files_below(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for e in entries.flatten() {
        let p = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if p.is_dir() {
            if name != "target" && name != "node_modules" && !name.starts_with('.') {
                files_below(&p, out);
            }
        } else {
            out.push(p);
        }
    }
}

/// A Rust path of the plugin crate (`passwords::plan::verify`) or of the simulator: the modules
/// must exist, and the last segment must be a module or an item defined in the last module.
fn rust_item_exists(span: &str) -> Option<bool> {
    let span = span.trim_end_matches("()");
    let segs: Vec<&str> = span.split("::").collect();
    if segs.len() < 2 || segs.iter().any(|s| s.is_empty() || !s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
    {
        return None;
    }
    let src = repo().join("src");
    let module_file = |dir: &Path| -> Option<PathBuf> {
        [dir.with_extension("rs"), dir.join("mod.rs")].into_iter().find(|p| p.is_file())
    };
    // Only paths whose first segment is one of our modules are ours (`Email::list_pops` is cPanel's).
    module_file(&src.join(segs[0]))?;
    let mut dir = src.clone();
    let mut last_file = None;
    for (i, seg) in segs.iter().enumerate() {
        let candidate = dir.join(seg);
        match module_file(&candidate) {
            Some(f) => {
                last_file = Some(f);
                dir = candidate;
            }
            None => {
                // Not a module: it must be the final item, defined in the module before it.
                if i != segs.len() - 1 {
                    return Some(false);
                }
                let text = std::fs::read_to_string(last_file.as_ref()?).ok()?;
                let defined = ["fn ", "struct ", "enum ", "const ", "static ", "trait ", "type ", "mod "]
                    .iter()
                    .any(|kw| text.contains(&format!("{kw}{seg}")));
                return Some(defined);
            }
        }
    }
    Some(true)
}

#[test]
fn every_path_and_item_the_docs_name_exists() {
    let mut all_files = Vec::new();
    files_below(repo(), &mut all_files);
    let mut missing = Vec::new();
    for doc in ["README.md", "ARCHITECTURE.md"] {
        let text = std::fs::read_to_string(repo().join(doc)).unwrap();
        for (line, raw) in code_spans(&text) {
            let span = raw.strip_prefix("./").unwrap_or(&raw).to_owned();
            let first = span.split('/').next().unwrap_or("");
            let looks_like_repo_path = span.contains('/')
                && !span.starts_with(['/', '~', '.'])
                && !span.contains(['{', ' ', '*', '=', '<', '>'])
                && !span.contains("://");
            let ok = if looks_like_repo_path && REPO_DIRS.contains(&first) {
                repo().join(&span).exists()
            } else if looks_like_repo_path && repo().join("src").join(first).is_dir() {
                // Folders of the plugin's modules are named relative to src/ (`pages/`);
                // other paths (`Cpanel/LiveAPI.pm`) are cPanel's, not ours to check.
                repo().join("src").join(&span).exists()
            } else if SOURCE_EXTS.iter().any(|e| span.ends_with(e)) && !span.contains([' ', '/']) {
                all_files.iter().any(|f| f.file_name().is_some_and(|n| n.to_string_lossy() == span))
            } else {
                rust_item_exists(&span).unwrap_or(true)
            };
            if !ok {
                missing.push(format!("{doc}:{line}: `{raw}`"));
            }
        }
    }
    assert!(missing.is_empty(), "the docs name what does not exist:\n{}", missing.join("\n"));
}

#[test]
fn the_docs_check_catches_a_renamed_file() {
    assert_eq!(rust_item_exists("passwords::generate_strong"), Some(true));
    assert_eq!(rust_item_exists("passwords::no_such_function"), Some(false));
    assert_eq!(rust_item_exists("Email::list_pops"), None, "cPanel's names are not ours to check");
    assert_eq!(code_spans("a `b` c `d/e.rs`\n```\n`x`\n```\n"), vec![(1, "b".to_owned()), (1, "d/e.rs".to_owned())]);
}

#[test]
fn readme_gives_exactly_two_set_up_commands() {
    let text = std::fs::read_to_string(repo().join("README.md")).unwrap();
    let blocks: Vec<&str> = text.split("```").skip(1).step_by(2).collect();
    assert_eq!(blocks.len(), 2, "README.md's only code blocks are the demo and the test command");
    let commands: Vec<String> =
        blocks.iter().map(|b| b.lines().skip(1).collect::<Vec<_>>().join("\n").trim().to_owned()).collect();
    assert_eq!(commands, ["./scripts/demo.sh", "./scripts/test.sh"]);
    let ci = std::fs::read_to_string(repo().join(".ci/run")).unwrap();
    assert!(ci.contains("./scripts/test.sh"), "CI runs the README's test command");
}
