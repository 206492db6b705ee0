//! What a POST does. Every action is checked (CSRF before we get here, then its own input),
//! audited, and answered with a redirect (303) so a reload never repeats it.

use time::OffsetDateTime;

use super::{Ctx, error_page};
use crate::cgi::{Request, Response};
use crate::checklist::remedy::{self, RemedyError};
use crate::checklist::{Confirmation, Policy};
use crate::i18n::Lang;
use crate::incident::{self, Incident, Status};
use crate::privileged::{self, Event};
use crate::progress::{self, Attested, Kept};
use crate::uapi::{self, UapiError};

names! {
    /// What a POST asks for: the form's `action` field, parsed once here. Forms name their
    /// action with [`Action::as_str`].
    pub(crate) enum Action {
        Attest = "attest",
        KeepToken = "keep_token",
        KeepSshKey = "keep_ssh_key",
        RemoveToken = "remove_token",
        RemoveSshKey = "remove_ssh_key",
        Reopen = "reopen",
        RestoreStart = "restore_start",
        RestoreContinue = "restore_continue",
        RestoreRollback = "restore_rollback",
        QuarantinePurge = "quarantine_purge",
        RemoveFinding = "remove_finding",
        KeepFinding = "keep_finding",
        UnkeepFinding = "unkeep_finding",
        UnkeepToken = "unkeep_token",
        UnkeepSshKey = "unkeep_ssh_key",
        HardenWordpress = "harden_wordpress",
        PlanNew = "plan_new",
        PlanDownloadTxt = "plan_download_txt",
        PlanDownloadCsv = "plan_download_csv",
        PlanPrint = "plan_print",
        PlanOwn = "plan_own",
        PlanApply = "plan_apply",
        PlanRetry = "plan_retry",
        WpPlan = "wp_plan",
        WpApply = "wp_apply",
        CheckFiles = "check_files",
    }
}

pub fn handle(req: &Request, ctx: &Ctx) -> Response {
    let lang = Lang::from_accept_language(&req.accept_language);
    let t = lang.texts();
    let Some(action) = req.form_value("action").and_then(Action::parse) else {
        return error_page(lang, 400, t.error_bad_request);
    };
    let incident = match incident::load(&ctx.paths, req.user.as_str()) {
        Ok(Some(i)) if i.status == Status::AwaitingCustomer => i,
        Ok(_) => return error_page(lang, 409, t.error_stale),
        Err(_) => return error_page(lang, 500, t.error_record),
    };
    let audit = |e: Event, r: &str, d: &[(&str, &str)]| audit(ctx, req, e, r, d);
    match action {
        Action::Attest => attest(req, ctx, lang, &incident),
        Action::KeepToken => keep(req, ctx, lang, &incident, Review::Token),
        Action::KeepSshKey => keep(req, ctx, lang, &incident, Review::SshKey),
        Action::KeepFinding => keep(req, ctx, lang, &incident, Review::Finding),
        Action::UnkeepFinding => super::sweep::unkeep(req, ctx, &incident, super::sweep::Unkeep::Finding, audit),
        Action::UnkeepToken => super::sweep::unkeep(req, ctx, &incident, super::sweep::Unkeep::Token, audit),
        Action::UnkeepSshKey => super::sweep::unkeep(req, ctx, &incident, super::sweep::Unkeep::SshKey, audit),
        Action::RemoveToken => remove(req, ctx, lang, Removal::Token),
        Action::RemoveSshKey => remove(req, ctx, lang, Removal::SshKey),
        Action::Reopen => reopen(req, ctx, lang, &incident),
        Action::RestoreStart => super::restore::start(req, ctx, &incident, audit),
        Action::RestoreContinue => super::restore::resume(req, ctx, super::restore::Resume::Continue, audit),
        Action::RestoreRollback => super::restore::resume(req, ctx, super::restore::Resume::RollBack, audit),
        Action::QuarantinePurge => super::restore::purge(req, ctx, audit),
        Action::RemoveFinding => super::sweep::remove(req, ctx, &incident, audit),
        Action::HardenWordpress => harden_wordpress(req, ctx, lang, &incident),
        Action::PlanNew => super::passwords::new_plan(req, ctx),
        Action::PlanDownloadTxt => super::passwords::download(req, ctx, super::passwords::SheetFormat::Text),
        Action::PlanDownloadCsv => super::passwords::download(req, ctx, super::passwords::SheetFormat::Csv),
        Action::PlanPrint => super::passwords::print(req),
        Action::PlanOwn => super::passwords::own(req, ctx),
        Action::PlanApply => super::passwords::apply_plan(req, ctx, super::passwords::PlanFrom::Sheet, audit),
        Action::PlanRetry => super::passwords::apply_plan(req, ctx, super::passwords::PlanFrom::Retry, audit),
        Action::WpPlan => super::wpusers::new_plan(req, ctx, &incident),
        Action::WpApply => super::wpusers::apply(req, ctx, &incident, audit),
        Action::CheckFiles => check_files(req, ctx, lang, &incident),
    }
}

fn back(req: &Request, notice: &str) -> Response {
    Response::see_other(&format!("{}?notice={notice}", req.self_url()))
}

/// Sends one audit entry; one root cannot record now waits in the outbox, which is sent
/// again (and blocks the next action) until it is recorded (`super::outbox`).
fn audit(ctx: &Ctx, req: &Request, event: Event, result: &str, pairs: &[(&str, &str)]) {
    let call = privileged::audit_call(event, result, privileged::details(pairs));
    if let Err(e) = uapi::call(ctx.transport.as_ref(), &call) {
        crate::log::event(
            "audit_failed",
            &[("user", req.user.as_str()), ("event", event.as_str()), ("error", &e.to_string())],
        );
        super::outbox::push(&ctx.state_dir, event, result, pairs);
    }
}

fn attest(req: &Request, ctx: &Ctx, lang: Lang, inc: &Incident) -> Response {
    let t = lang.texts();
    let policy = match Policy::load(&ctx.paths) {
        Ok(p) => p,
        Err(_) => return error_page(lang, 500, t.error_internal),
    };
    let Some(confirmed) = Confirmation::parse(&policy, req.form_value("item").unwrap_or("")) else {
        return error_page(lang, 400, t.error_unknown_item);
    };
    let item = confirmed.as_str();
    let now = OffsetDateTime::now_utc();
    if let Err(e) = progress::update(&ctx.state_dir, inc.released_at, |p| {
        p.attestations.insert(item.to_owned(), Attested { at: now });
    }) {
        crate::log::event("progress_write_failed", &[("user", req.user.as_str()), ("error", &e.to_string())]);
        return error_page(lang, 500, t.error_internal);
    }
    audit(ctx, req, Event::Attested, "ok", &[("item", item)]);
    back(req, "saved")
}

#[derive(Clone, Copy)]
enum Review {
    Token,
    SshKey,
    Finding,
}

/// Names of tokens and keys as cPanel allows them: short, printable, no slashes.
fn valid_name(s: &str) -> bool {
    !s.is_empty() && s.len() <= 100 && !s.contains('/') && !s.chars().any(char::is_control)
}

fn keep(req: &Request, ctx: &Ctx, lang: Lang, inc: &Incident, what: Review) -> Response {
    let t = lang.texts();
    let name = req.form_value(if matches!(what, Review::Finding) { "id" } else { "name" }).unwrap_or("");
    let reason = req.form_value("reason").unwrap_or("").trim();
    if !valid_name(name) {
        return error_page(lang, 400, t.error_bad_request);
    }
    let n = reason.chars().count();
    if !(3..=200).contains(&n) || reason.chars().any(char::is_control) {
        return error_page(lang, 400, t.error_keep_reason);
    }
    let kept = Kept { reason: reason.to_owned(), at: OffsetDateTime::now_utc() };
    let r = progress::update(&ctx.state_dir, inc.released_at, |p| {
        let map = match what {
            Review::Token => &mut p.kept_tokens,
            Review::SshKey => &mut p.kept_ssh_keys,
            Review::Finding => &mut p.kept_findings,
        };
        map.insert(name.to_owned(), kept);
    });
    if r.is_err() {
        return error_page(lang, 500, t.error_internal);
    }
    let event = match what {
        Review::Token => Event::TokenKept,
        Review::SshKey => Event::SshKeyKept,
        Review::Finding => Event::FindingKept,
    };
    audit(ctx, req, event, "ok", &[("name", name), ("reason", reason)]);
    if matches!(what, Review::Finding) {
        return Response::see_other(&format!("{}?view=sweep", req.self_url()));
    }
    back(req, "saved")
}

/// What the checklist's "remove" buttons take away (findings are removed by the sweep page,
/// which knows what each one is).
#[derive(Clone, Copy)]
enum Removal {
    Token,
    SshKey,
}

fn remove(req: &Request, ctx: &Ctx, lang: Lang, what: Removal) -> Response {
    let t = lang.texts();
    let name = req.form_value("name").unwrap_or("");
    if !valid_name(name) {
        return error_page(lang, 400, t.error_bad_request);
    }
    let (result, event) = match what {
        Removal::Token => (remedy::revoke_token(ctx.transport.as_ref(), name), Event::TokenRevoked),
        Removal::SshKey => (remedy::remove_ssh_key(ctx.transport.as_ref(), name), Event::SshKeyRemoved),
    };
    match result {
        Ok(()) => {
            audit(ctx, req, event, "ok", &[("name", name)]);
            back(req, "saved")
        }
        Err(e) => {
            crate::log::event(
                "remove_failed",
                &[("user", req.user.as_str()), ("what", event.as_str()), ("error", &e.to_string())],
            );
            audit(ctx, req, event, "failed", &[("name", name)]);
            error_page(lang, 502, if e.outcome_unknown() { t.error_cpanel_unsure } else { t.error_cpanel_action })
        }
    }
}

fn reopen(req: &Request, ctx: &Ctx, lang: Lang, inc: &Incident) -> Response {
    let t = lang.texts();
    let release: i64 = match req.form_value("release").and_then(|s| s.parse().ok()) {
        Some(r) => r,
        None => return error_page(lang, 400, t.error_bad_request),
    };
    if inc.released_at.map(|r| r.unix_timestamp()) != Some(release) {
        return error_page(lang, 409, t.error_stale);
    }
    audit(ctx, req, Event::ReopenAttempt, "ok", &[]);
    match uapi::call(ctx.transport.as_ref(), &privileged::reopen_call(release)) {
        Ok(_) => back(req, "reopened"),
        Err(UapiError::Cpanel { errors, .. }) => {
            crate::log::event("reopen_refused", &[("user", req.user.as_str()), ("why", &errors.join(" "))]);
            // Root walked the files itself: the page checks them again so it shows what root saw.
            files_changed(req, ctx, inc);
            super::notice::refused(req, ctx, errors)
        }
        Err(e) => {
            crate::log::event("reopen_failed", &[("user", req.user.as_str()), ("error", &e.to_string())]);
            // No answer is not "nothing changed": root may have reopened (or still be at it).
            // The incident record says which; never guess.
            match incident::load(&ctx.paths, req.user.as_str()) {
                Ok(Some(i)) if i.status == Status::Reopened => back(req, "reopened"),
                _ if e.outcome_unknown() => error_page(lang, 504, t.reopen_unsure),
                _ => error_page(lang, 502, t.error_cpanel_action),
            }
        }
    }
}

/// New keys and salts and no code editing, in every wp-config.php under the document roots.
fn harden_wordpress(req: &Request, ctx: &Ctx, lang: Lang, inc: &Incident) -> Response {
    let t = lang.texts();
    match remedy::harden_wordpress(ctx.transport.as_ref(), &ctx.home, &ctx.state_dir, inc.released_at) {
        Ok(done) => {
            audit(ctx, req, Event::WordpressHardened, "ok", &[("files", &done.join(", "))]);
            files_changed(req, ctx, inc);
            back(req, "saved")
        }
        Err(RemedyError::Cpanel(_)) => error_page(lang, 502, t.error_cpanel_action),
        Err(RemedyError::Harden { file, why, done }) => {
            crate::log::event("harden_failed", &[("user", req.user.as_str()), ("file", &file), ("error", &why)]);
            audit(ctx, req, Event::WordpressHardened, "failed", &[("file", &file), ("files", &done.join(", "))]);
            error_page(lang, 500, &(t.error_harden)(&file, &done))
        }
        Err(RemedyError::Record(_)) => error_page(lang, 500, t.error_internal),
    }
}

/// "Check my files again": walks the website folders now and saves the answer for the page.
fn check_files(req: &Request, ctx: &Ctx, lang: Lang, inc: &Incident) -> Response {
    match crate::checklist::walk_cache::refresh(ctx.transport.as_ref(), &ctx.home, &ctx.state_dir, inc) {
        Ok(_) => back(req, "saved"),
        Err(e) => {
            crate::log::event("files_check_failed", &[("user", req.user.as_str()), ("error", &e)]);
            error_page(lang, 502, lang.texts().error_cpanel_action)
        }
    }
}

/// A step that changes files completed: the page's saved walk of the website folders is
/// renewed now (a failure only costs the next view a walk of its own).
pub(super) fn files_changed(req: &Request, ctx: &Ctx, inc: &Incident) {
    if let Err(e) = crate::checklist::walk_cache::refresh(ctx.transport.as_ref(), &ctx.home, &ctx.state_dir, inc) {
        crate::log::event("files_check_failed", &[("user", req.user.as_str()), ("error", &e)]);
        let _ = std::fs::remove_file(crate::checklist::walk_cache::path(&ctx.state_dir));
    }
}
