//! One submission per rendered form, and one action at a time per account.
//!
//! Every form gets a fresh random operation id in a hidden field (beside the CSRF token, see
//! [`super::csrf_field`]). Every POST runs under the account's action lock
//! (`~/.secure_reopen/actions.lock`), so two submissions never interleave; an id whose action
//! was carried out (a 303 answer) is recorded under that lock in `~/.secure_reopen/once.json`,
//! and a second submission of the same form is answered "already done" without doing anything.
//! An action that failed (an error page) leaves its id unused: the domain steps are idempotent
//! and read the current state first, so sending the same form again is a safe retry.
//! A POST without the field (a script, an old page) still runs under the lock.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use maud::html;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{Ctx, error_page, layout};
use crate::cgi::{Request, Response};
use crate::fsutil;
use crate::i18n::Lang;

/// The hidden field's name.
pub const FIELD: &str = "once";

/// How many used ids are remembered (the oldest are forgotten first); a form older than that
/// many actions is still protected by the domain steps' own idempotency.
const KEEP: usize = 500;

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
struct Used {
    /// Operation id → when it was used and where its answer led.
    #[serde(default)]
    ids: BTreeMap<String, Done>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Done {
    #[serde(with = "time::serde::rfc3339")]
    at: OffsetDateTime,
    location: String,
}

/// A fresh operation id for one rendered form: 128 random bits, hex.
pub fn new_id() -> String {
    let mut b = [0u8; 16];
    rand::fill(&mut b);
    crate::audit::hex(&b)
}

fn valid(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit())
}

pub fn record_path(state_dir: &Path) -> PathBuf {
    state_dir.join("once.json")
}

fn load(state_dir: &Path) -> std::io::Result<Used> {
    // Damaged: moved aside with a time stamp; the forms' ids start afresh.
    Ok(fsutil::read_json_or_aside(&record_path(state_dir))?.0.unwrap_or_default())
}

/// Runs `act` (one POST's action) under the account's action lock, at most once per form.
pub fn guard(req: &Request, ctx: &Ctx, act: impl FnOnce() -> Response) -> Response {
    let lang = Lang::from_accept_language(&req.accept_language);
    let id = match req.form_value(FIELD) {
        Some(id) if valid(id) => Some(id.to_owned()),
        Some(_) => return error_page(lang, 400, lang.texts().error_bad_request),
        None => None,
    };
    let lock = ctx.state_dir.join("actions.lock");
    let mut act = Some(act);
    let r = fsutil::with_lock(&lock, || {
        let mut used = load(&ctx.state_dir)?;
        if let Some(done) = id.as_ref().and_then(|id| used.ids.get(id)) {
            crate::log::event("form_already_done", &[("user", req.user.as_str())]);
            return Ok(already_done(req, lang, done));
        }
        // Root must have every earlier event before anything else happens.
        if let Err(e) = super::outbox::flush(&ctx.state_dir, ctx.transport.as_ref()) {
            crate::log::event("audit_still_pending", &[("user", req.user.as_str()), ("error", &e)]);
            return Ok(error_page(lang, 503, lang.texts().error_audit));
        }
        let mut resp = (act.take().expect("runs once"))();
        if let Some(id) = id.filter(|_| resp.status == 303) {
            let location =
                resp.headers.iter().find(|(k, _)| k == "Location").map(|(_, v)| v.clone()).unwrap_or_default();
            used.ids.insert(id, Done { at: OffsetDateTime::now_utc(), location });
            while used.ids.len() > KEEP {
                let oldest = used.ids.iter().min_by_key(|(_, d)| d.at).map(|(k, _)| k.clone()).expect("not empty");
                used.ids.remove(&oldest);
            }
            if let Err(e) = fsutil::write_json(&record_path(&ctx.state_dir), &used, 0o600) {
                // The action is done; a second submission would find its work done too.
                crate::log::event("once_record_failed", &[("user", req.user.as_str()), ("error", &e.to_string())]);
            }
        }
        if resp.status == 303 && super::outbox::pending(&ctx.state_dir) > 0 {
            // Done, but root could not record it yet: say so, and where to go on. (An error
            // page keeps its own message; the event is sent before the next action anyway.)
            resp = audit_pending(req, lang, &resp);
        }
        Ok(resp)
    });
    match r {
        Ok(resp) => resp,
        Err(e) => {
            // The lock could not be taken (no disk, no home): nothing ran.
            crate::log::event("action_lock_failed", &[("user", req.user.as_str()), ("error", &e.to_string())]);
            error_page(lang, 503, lang.texts().error_internal)
        }
    }
}

/// The answer to an action that was done while its audit event could not be recorded yet.
fn audit_pending(req: &Request, lang: Lang, done: &Response) -> Response {
    let t = lang.texts();
    let location = done.headers.iter().find(|(k, _)| k == "Location").map(|(_, v)| v.clone());
    let next = location.filter(|l| l.starts_with(req.self_url())).unwrap_or_else(|| req.self_url().to_owned());
    let body = layout(
        lang,
        Some(req),
        t.app_name,
        html! {
            section.card.alert.bad role="alert" {
                p { (t.audit_pending) }
                p { a href=(next) { (t.already_done_continue) } }
            }
        },
    );
    Response::html(503, body.into_string())
}

/// The second answer to one form: it says the work was done once, and leads where the first
/// answer led.
fn already_done(req: &Request, lang: Lang, done: &Done) -> Response {
    let t = lang.texts();
    let next =
        if done.location.starts_with(req.self_url()) { done.location.clone() } else { req.self_url().to_owned() };
    let body = layout(
        lang,
        Some(req),
        t.app_name,
        html! {
            section.card.alert role="status" {
                p { (t.already_done) }
                p { a href=(next) { (t.already_done_continue) } }
            }
        },
    );
    // 409: this submission conflicts with the one already carried out (said in words too).
    Response::html(409, body.into_string())
}
