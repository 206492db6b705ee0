//! One-line logs on standard error (cpsrvd's error log for the CGI, the terminal for the CLI).
//!
//! Callers pass only non-secret facts; values are flattened to one line so a crafted value
//! cannot forge a log entry.

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
