//! One-line logs on standard error (cpsrvd's error log for the CGI, the terminal for the CLI).
//!
//! Callers pass only non-secret facts; values are flattened to one line so a crafted value
//! cannot forge a log entry.

/// Replaces the default panic hook, which prints the panic message (a message can quote data:
/// slicing a string at a bad index quotes the string, e.g. a `wp-config.php`), with one that
/// logs the source location only. Every mode installs it first: CGI, admin CLI, helper.
pub fn quiet_panics() {
    std::panic::set_hook(Box::new(|info| {
        let place = info.location().map(|l| format!("{}:{}", l.file(), l.line())).unwrap_or_default();
        event("panic", &[("at", &place)]);
    }));
}

pub fn event(event: &str, fields: &[(&str, &str)]) {
    let mut line = format!("secure-reopen[{}] event={}", std::process::id(), clean(event));
    for (k, v) in fields {
        line.push(' ');
        line.push_str(k);
        line.push('=');
        line.push_str(&quote(&clean(v)));
    }
    eprintln!("{line}");
}

fn clean(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).take(500).collect()
}

fn quote(s: &str) -> String {
    if s.is_empty() || s.contains([' ', '"', '=']) { format!("{s:?}") } else { s.to_owned() }
}
