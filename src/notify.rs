//! E-mail through the local MTA (`sendmail -t`): to the customer when their account is
//! released, to the host when a customer reopens. Settings in `config.json` (root-owned):
//! `{"host_email": "...", "from": "...", "sendmail": "/usr/sbin/sendmail"}`.

use std::io::Write;
use std::process::{Command, Stdio};

use base64::Engine;
use serde::Deserialize;

use crate::paths::Paths;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Where the host wants reopen notices; none means no notice.
    #[serde(default)]
    pub host_email: Option<String>,
    /// The sender of every message.
    #[serde(default)]
    pub from: Option<String>,
    /// The MTA's sendmail program (relative to the root).
    #[serde(default)]
    pub sendmail: Option<String>,
}

impl Config {
    pub fn load(paths: &Paths) -> Result<Config, String> {
        let path = paths.config_file();
        crate::fsutil::read_json(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))
            .map(Option::unwrap_or_default)
    }
}

/// A plain-text message; headers are built here, values checked.
pub struct Message<'a> {
    pub to: &'a str,
    pub subject: &'a str,
    pub body: &'a str,
}

fn valid_address(a: &str) -> bool {
    let ok_chars = a.chars().all(|c| c.is_ascii_alphanumeric() || "@._+-".contains(c));
    ok_chars && a.matches('@').count() == 1 && !a.starts_with(['@', '-', '.']) && !a.ends_with('@') && a.len() <= 254
}

/// RFC 2047 for a subject with non-ASCII letters (Norwegian "å").
fn encode_subject(s: &str) -> String {
    if s.is_ascii() {
        s.to_owned()
    } else {
        format!("=?UTF-8?B?{}?=", base64::engine::general_purpose::STANDARD.encode(s))
    }
}

pub fn send(paths: &Paths, cfg: &Config, m: &Message<'_>) -> Result<(), String> {
    if !valid_address(m.to) {
        return Err(format!("not sending mail: {:?} is not a plain e-mail address", m.to));
    }
    let from = cfg.from.clone().unwrap_or_else(|| "root@localhost".to_owned());
    if !valid_address(&from) {
        return Err(format!("config.json: \"from\" {from:?} is not a plain e-mail address"));
    }
    let subject: String = m.subject.chars().filter(|c| !c.is_control()).collect();
    let program = paths.root().join(cfg.sendmail.as_deref().unwrap_or("/usr/sbin/sendmail").trim_start_matches('/'));
    let mut child = Command::new(&program)
        .args(["-t", "-oi"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot run {}: {e}", program.display()))?;
    let text = format!(
        "From: {from}\nTo: {}\nSubject: {}\nMIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\nContent-Transfer-Encoding: 8bit\nAuto-Submitted: auto-generated\n\n{}\n",
        m.to,
        encode_subject(&subject),
        m.body
    );
    child
        .stdin
        .take()
        .expect("stdin was piped")
        .write_all(text.as_bytes())
        .map_err(|e| format!("cannot hand the message to {}: {e}", program.display()))?;
    let st = child.wait().map_err(|e| e.to_string())?;
    if st.success() { Ok(()) } else { Err(format!("{} failed ({st})", program.display())) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_injection_is_impossible() {
        assert!(!valid_address("a@b.example\nBcc: x@y.example"));
        assert!(!valid_address("-oQ/tmp@x.example"));
        assert!(valid_address("owner@demo-shop.example"));
        assert_eq!(encode_subject("Nettstedet ditt er åpent"), "=?UTF-8?B?TmV0dHN0ZWRldCBkaXR0IGVyIMOlcGVudA==?=");
    }
}
