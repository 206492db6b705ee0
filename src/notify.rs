//! E-mail through the local MTA (`sendmail -t`): to the customer when their account is
//! released, to the host when a customer reopens. Settings in `config.json` (root-owned,
//! optional; `secure-reopen policy check` reads it too):
//! `{"host_notices": true, "host_email": "...", "from": "...", "sendmail": "/usr/sbin/sendmail"}`.
//!
//! Defaults, so that a fresh install tells the right people: the host's notices go to WHM's
//! server contact (`CONTACTEMAIL` in `/etc/wwwacct.conf`), the sender is
//! `secure-reopen@<the server's hostname>`, and the customer's mail goes to a contact address
//! that is not on one of the account's own domains (those mailboxes are held).

use std::io::Write;
use std::process::{Command, Stdio};

use base64::Engine;
use serde::Deserialize;

use crate::paths::Paths;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Whether the host gets a notice when a customer reopens (default: yes).
    #[serde(default)]
    pub host_notices: Option<bool>,
    /// Where the host wants reopen notices (default: WHM's server contact address).
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

/// Where the host's reopen notice goes: `Ok(None)` when the host turned notices off.
pub fn host_recipient(paths: &Paths, cfg: &Config) -> Result<Option<String>, String> {
    if cfg.host_notices == Some(false) {
        return Ok(None);
    }
    if let Some(a) = cfg.host_email.as_deref().filter(|a| !a.is_empty()) {
        return Ok(Some(a.to_owned()));
    }
    let conf = paths.root().join("etc/wwwacct.conf");
    let text = read_small(&conf).unwrap_or_default();
    text.lines()
        .find_map(|l| l.strip_prefix("CONTACTEMAIL ").map(str::trim))
        .filter(|a| !a.is_empty())
        .map(|a| Some(a.to_owned()))
        .ok_or_else(|| {
            format!(
                "no address for the host's notice: set the server contact e-mail in WHM (CONTACTEMAIL in {}) or \"host_email\" in {}",
                conf.display(),
                paths.config_file().display()
            )
        })
}

/// The sender of every message: `from` in config.json, else `secure-reopen@<hostname>`.
pub fn sender(paths: &Paths, cfg: &Config) -> String {
    if let Some(f) = cfg.from.as_deref().filter(|f| !f.is_empty()) {
        return f.to_owned();
    }
    let from_file = read_small(&paths.root().join("etc/hostname")).map(|h| h.trim().to_owned());
    let host = from_file.filter(|h| valid_hostname(h)).or_else(system_hostname).unwrap_or_else(|| "localhost".into());
    format!("secure-reopen@{host}")
}

fn valid_hostname(h: &str) -> bool {
    !h.is_empty() && h.len() <= 253 && h.chars().all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-')
}

fn system_hostname() -> Option<String> {
    let mut buf = [0u8; 256];
    // SAFETY: the buffer is valid for its length; gethostname NUL-terminates within it or fails.
    let rc = unsafe { libc::gethostname(buf.as_mut_ptr().cast(), buf.len()) };
    if rc != 0 {
        return None;
    }
    let end = buf.iter().position(|b| *b == 0)?;
    let h = String::from_utf8(buf[..end].to_vec()).ok()?;
    valid_hostname(&h).then_some(h)
}

/// A root-owned configuration file of a few KiB, read without following a link.
fn read_small(path: &std::path::Path) -> Option<String> {
    use std::io::Read;
    use std::os::unix::fs::OpenOptionsExt;
    let f = std::fs::OpenOptions::new().read(true).custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK).open(path).ok()?;
    if !f.metadata().ok()?.is_file() {
        return None;
    }
    let mut out = String::new();
    f.take(64 * 1024).read_to_string(&mut out).ok()?;
    Some(out)
}

/// Where the customer's mail goes: the first of cPanel's contact addresses
/// (`Variables::get_user_information`: `contact_email`, `contact_email_2`) that is not on one of
/// the account's own domains — those mailboxes' logins are held, so the customer could not read
/// it. The second value says why the first address was passed over, for the technician.
pub fn customer_recipient(info: &serde_json::Value) -> Result<(String, Option<String>), String> {
    let own: Vec<String> = info
        .get("domains")
        .and_then(serde_json::Value::as_array)
        .into_iter()
        .flatten()
        .chain(info.get("domain"))
        .filter_map(serde_json::Value::as_str)
        .map(str::to_ascii_lowercase)
        .collect();
    let on_own_domain = |addr: &str| {
        let d = addr.rsplit('@').next().unwrap_or("").to_ascii_lowercase();
        own.iter().any(|o| d == *o || d.ends_with(&format!(".{o}")))
    };
    let mut skipped = Vec::new();
    for key in ["contact_email", "contact_email_2"] {
        let Some(a) = info.get(key).and_then(serde_json::Value::as_str).map(str::trim).filter(|a| !a.is_empty()) else {
            continue;
        };
        if on_own_domain(a) {
            skipped.push(a.to_owned());
            continue;
        }
        let note = (!skipped.is_empty()).then(|| {
            format!("{} is on a domain of this account (its mailbox is held); wrote to {a} instead", skipped.join(", "))
        });
        return Ok((a.to_owned(), note));
    }
    if skipped.is_empty() {
        Err("the account has no contact e-mail in cPanel; tell the customer by other means".into())
    } else {
        Err(format!(
            "every contact address ({}) is on a domain of this account, whose mailboxes are held; tell the customer by phone or another address",
            skipped.join(", ")
        ))
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
    let from = sender(paths, cfg);
    if !valid_address(&from) {
        return Err(format!("the sender {from:?} is not a plain e-mail address: set \"from\" in config.json"));
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
mod tests;
