//! The customer's own preview of a held website: the hold's include lets exactly one address
//! through, the one they are logged in to cPanel from.

use std::net::IpAddr;
use std::path::Path;

use time::OffsetDateTime;

use super::{HoldError, Preview, apply_apache, load, record_path, write_include};
use crate::fsutil;
use crate::paths::Paths;
use crate::user::UserName;

/// How often the preview address may change: each change rebuilds Apache's configuration and
/// restarts it gracefully.
pub const PREVIEW_INTERVAL: time::Duration = time::Duration::minutes(1);

/// What [`set_preview`] did.
#[derive(Debug, PartialEq, Eq)]
pub enum PreviewOutcome {
    /// No hold: the site is open anyway.
    NotHeld,
    Unchanged,
    Set,
    /// Changed less than [`PREVIEW_INTERVAL`] ago; the old address stays until then.
    TooSoon,
}

/// Whether `ip` may be let through to a held site. Never an unspecified, multicast, broadcast
/// or link-local address; on a real server (root `/`) not loopback either, because a loopback
/// address means a proxy on the server, through which every visitor would come.
pub fn preview_allowed(paths: &Paths, ip: IpAddr) -> bool {
    let special = match ip {
        IpAddr::V4(v4) => v4.is_unspecified() || v4.is_multicast() || v4.is_broadcast() || v4.is_link_local(),
        IpAddr::V6(v6) => v6.is_unspecified() || v6.is_multicast() || v6.is_unicast_link_local(),
    };
    let proxy = ip.is_loopback() && paths.root() == Path::new("/");
    !special && !proxy
}

/// Lets the customer's address (`ip`, from cpsrvd's `REMOTE_ADDR`) see the held website, in
/// place of the one before, under the incident's lock.
pub fn set_preview(paths: &Paths, user: &UserName, ip: IpAddr) -> Result<PreviewOutcome, HoldError> {
    if !preview_allowed(paths, ip) {
        return Err(HoldError(format!("{ip} cannot be let through to the website")));
    }
    let path = record_path(paths, user);
    let outcome = crate::incident::with_lock(paths, user.as_str(), || {
        let Some(mut record) = load(paths, user)? else { return Ok(PreviewOutcome::NotHeld) };
        if record.apache_includes.is_empty() {
            return Ok(PreviewOutcome::NotHeld);
        }
        let now = OffsetDateTime::now_utc();
        match &record.preview {
            Some(p) if p.ip == ip => return Ok(PreviewOutcome::Unchanged),
            Some(p) if now - p.set_at < PREVIEW_INTERVAL && now >= p.set_at => return Ok(PreviewOutcome::TooSoon),
            _ => {}
        }
        record.preview = Some(Preview { ip, set_at: now });
        for file in &record.apache_includes {
            write_include(file, Some(ip)).map_err(|e| std::io::Error::other(e.0))?;
        }
        fsutil::write_json(&path, &record, 0o600)?;
        Ok(PreviewOutcome::Set)
    })
    .map_err(|e| HoldError(format!("cannot update the hold {}: {e}", path.display())))?;
    if outcome == PreviewOutcome::Set {
        apply_apache(paths)?;
    }
    Ok(outcome)
}

#[cfg(test)]
mod tests;
