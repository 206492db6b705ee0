//! Names that cross a trust boundary, parsed once at the edge.

use std::fmt;

/// A cPanel account name: 1–16 characters, lowercase ASCII letters and digits, starting with a
/// letter (cPanel's own rule, which also makes it safe in paths and file names).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UserName(String);

impl UserName {
    pub fn parse(s: &str) -> Result<UserName, String> {
        let ok = !s.is_empty()
            && s.len() <= 16
            && s.as_bytes()[0].is_ascii_lowercase()
            && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
        if ok { Ok(UserName(s.to_owned())) } else { Err(format!("{s:?} is not a valid cPanel user name")) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UserName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests;
