//! POST → 303 → GET for every outcome. A successful action already redirects to the page that
//! shows its result; a refusal or failure is kept for a short while as a notice record
//! (`~/.secure_reopen/notices/ID.json`, 0600) and the browser is sent to `?view=notice&n=ID`,
//! so Back and reload never post again. The record holds the page the customer would have
//! seen: fixed texts and names from the account, never a password (a page that shows
//! passwords, the WordPress sheet, is answered directly and never stored).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::Ctx;
use crate::cgi::{Request, Response};

/// How long a notice can be reloaded.
const LIFETIME_SECONDS: i64 = 15 * 60;
/// At most this many notices are kept; the oldest go first.
const MAX_KEPT: usize = 50;
/// The fragment every error page's message carries.
pub const ANCHOR: &str = "problem";

#[derive(Serialize, Deserialize)]
struct Record {
    status: u16,
    #[serde(with = "time::serde::rfc3339")]
    at: OffsetDateTime,
    body: String,
    /// The reopen was refused: root's own words, shown on a fresh checklist.
    #[serde(default)]
    refused: Option<Vec<String>>,
}

fn dir(state_dir: &Path) -> PathBuf {
    state_dir.join("notices")
}

/// A notice id: 24 lowercase hex digits (never a path).
fn valid_id(id: &str) -> bool {
    id.len() == 24 && id.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// What the customer gets for a POST: a redirect stays, a download stays (it does not
/// navigate), a page with passwords stays (never stored); a refusal becomes a notice to GET.
pub fn after_post(req: &Request, ctx: &Ctx, resp: Response) -> Response {
    let is_download = resp.headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("Content-Disposition"));
    if resp.status < 400 || is_download || !resp.content_type.starts_with("text/html") {
        return resp;
    }
    let rec = Record {
        status: resp.status,
        at: OffsetDateTime::now_utc(),
        body: String::from_utf8_lossy(&resp.body).into_owned(),
        refused: None,
    };
    store_and_redirect(req, ctx, &rec, "notice").unwrap_or(resp)
}

/// The reopen was refused by root: the checklist is shown again, fresh, with root's reasons.
pub fn refused(req: &Request, ctx: &Ctx, errors: Vec<String>) -> Response {
    let notice = super::checklist::Notice::refused(&errors);
    let rec = Record { status: 409, at: OffsetDateTime::now_utc(), body: String::new(), refused: Some(errors) };
    store_and_redirect(req, ctx, &rec, "home").unwrap_or_else(|| {
        let mut r = super::home::view(req, ctx, Some(notice));
        r.status = 409;
        r
    })
}

fn store_and_redirect(req: &Request, ctx: &Ctx, rec: &Record, view: &str) -> Option<Response> {
    let d = dir(&ctx.state_dir);
    if let Err(e) = std::fs::create_dir_all(&d) {
        crate::log::event("notice_unsaved", &[("user", req.user.as_str()), ("error", &e.to_string())]);
        return None;
    }
    prune(&d, rec.at);
    let id = crate::passwords::plan::new_plan_id();
    if let Err(e) = crate::fsutil::write_json(&d.join(format!("{id}.json")), rec, 0o600) {
        crate::log::event("notice_unsaved", &[("user", req.user.as_str()), ("error", &e.to_string())]);
        return None;
    }
    let anchor = if rec.refused.is_some() { "reopen-h" } else { ANCHOR };
    Some(Response::see_other(&format!("{}?view={view}&n={id}#{anchor}", req.self_url())))
}

/// Drops expired notices and keeps at most [`MAX_KEPT`] (newest by name order of time).
fn prune(d: &Path, now: OffsetDateTime) {
    let Ok(rd) = std::fs::read_dir(d) else { return };
    let mut kept: Vec<(std::time::SystemTime, PathBuf)> = Vec::new();
    for e in rd.flatten() {
        let p = e.path();
        let Ok(md) = std::fs::symlink_metadata(&p) else { continue };
        let modified = md.modified().unwrap_or(std::time::UNIX_EPOCH);
        let age = OffsetDateTime::from(modified);
        if !md.is_file() || (now - age).whole_seconds() > LIFETIME_SECONDS {
            let _ = std::fs::remove_file(&p);
        } else {
            kept.push((modified, p));
        }
    }
    if kept.len() >= MAX_KEPT {
        kept.sort();
        for (_, p) in &kept[..=kept.len() - MAX_KEPT] {
            let _ = std::fs::remove_file(p);
        }
    }
}

fn load(ctx: &Ctx, id: &str) -> Option<Record> {
    if !valid_id(id) {
        return None;
    }
    let rec: Record = crate::fsutil::read_json(&dir(&ctx.state_dir).join(format!("{id}.json"))).ok().flatten()?;
    let age = (OffsetDateTime::now_utc() - rec.at).whole_seconds();
    (0..=LIFETIME_SECONDS).contains(&age).then_some(rec)
}

/// GET ?view=notice&n=ID: the stored outcome, or the start page once it has expired.
pub fn view(req: &Request, ctx: &Ctx) -> Response {
    match req.query_value("n").and_then(|id| load(ctx, id)) {
        Some(rec) if rec.refused.is_none() => Response::html(rec.status, rec.body),
        _ => Response::see_other(req.self_url()),
    }
}

/// Root's words for a refused reopen named by `?n=` on the start page, while fresh.
pub fn refused_reason(req: &Request, ctx: &Ctx) -> Option<Vec<String>> {
    req.query_value("n").and_then(|id| load(ctx, id)).and_then(|r| r.refused)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_never_paths() {
        assert!(valid_id("0123456789abcdef01234567"));
        assert!(!valid_id("../../../../etc/passwd000"));
        assert!(!valid_id("0123456789ABCDEF01234567"));
        assert!(!valid_id("0123456789abcdef0123456"));
    }
}
