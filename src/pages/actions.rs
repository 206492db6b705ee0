//! What a POST does. Every action is checked (CSRF before we get here, then its own input),
//! audited, and answered with a redirect (303) so a reload never repeats it.

use time::OffsetDateTime;

use super::checklist::Notice;
use super::{Ctx, error_page, home};
use crate::cgi::{Request, Response};
use crate::checklist::Policy;
use crate::i18n::Lang;
use crate::incident::{self, Incident, Status};
use crate::privileged;
use crate::progress::{self, Attested, Kept};
use crate::uapi::{self, Call, UapiError};

pub fn handle(req: &Request, ctx: &Ctx) -> Response {
    let lang = Lang::from_accept_language(&req.accept_language);
    let t = lang.texts();
    let incident = match incident::load(&ctx.paths, req.user.as_str()) {
        Ok(Some(i)) if i.status == Status::AwaitingCustomer => i,
        Ok(_) => return error_page(lang, 409, t.error_stale),
        Err(_) => return error_page(lang, 500, t.error_record),
    };
    match req.form_value("action").unwrap_or("") {
        "attest" => attest(req, ctx, lang, &incident),
        "keep_token" => keep(req, ctx, lang, &incident, Review::Token),
        "keep_ssh_key" => keep(req, ctx, lang, &incident, Review::SshKey),
        "remove_token" => remove(req, ctx, lang, Review::Token),
        "remove_ssh_key" => remove(req, ctx, lang, Review::SshKey),
        "reopen" => reopen(req, ctx, lang, &incident),
        "restore_start" => super::restore::start(req, ctx, &incident, |e, r, d| audit(ctx, req, e, r, d)),
        "restore_continue" => super::restore::resume(req, ctx, false, |e, r, d| audit(ctx, req, e, r, d)),
        "quarantine_purge" => super::restore::purge(req, ctx, |e, r, d| audit(ctx, req, e, r, d)),
        "restore_rollback" => super::restore::resume(req, ctx, true, |e, r, d| audit(ctx, req, e, r, d)),
        "remove_finding" => super::sweep::remove(req, ctx, &incident, |e, r, d| audit(ctx, req, e, r, d)),
        "keep_finding" => keep(req, ctx, lang, &incident, Review::Finding),
        "harden_wordpress" => harden_wordpress(req, ctx, lang, &incident),
        "plan_new" => super::passwords::new_plan(req, ctx),
        "wp_plan" => super::wpusers::new_plan(req, ctx, &incident),
        "wp_apply" => super::wpusers::apply(req, ctx, &incident, |e, r, d| audit(ctx, req, e, r, d)),
        "plan_download_txt" | "plan_download_csv" => {
            super::passwords::download(req, ctx, req.form_value("action") == Some("plan_download_csv"))
        }
        "plan_print" => super::passwords::print(req),
        "plan_own" => super::passwords::own(req, ctx),
        "plan_apply" | "plan_retry" => super::passwords::apply_plan(req, ctx, |e, r, d| audit(ctx, req, e, r, d)),
        _ => error_page(lang, 400, t.error_bad_request),
    }
}

fn back(req: &Request, notice: &str) -> Response {
    Response::see_other(&format!("{}?notice={notice}", req.self_url()))
}

/// Sends one audit entry; a failure is logged, never shown as the action's failure.
fn audit(ctx: &Ctx, req: &Request, event: &str, result: &str, pairs: &[(&str, &str)]) {
    let call = privileged::audit_call(event, result, privileged::details(pairs));
    if let Err(e) = uapi::call(ctx.transport.as_ref(), &call) {
        crate::log::event("audit_failed", &[("user", req.user.as_str()), ("event", event), ("error", &e.to_string())]);
    }
}

fn attest(req: &Request, ctx: &Ctx, lang: Lang, inc: &Incident) -> Response {
    let t = lang.texts();
    let item = req.form_value("item").unwrap_or("");
    let policy = match Policy::load(&ctx.paths) {
        Ok(p) => p,
        Err(_) => return error_page(lang, 500, t.error_internal),
    };
    let special = [crate::checklist::CLEAN_INSTALL];
    if !policy.is_attestation(item) && !special.contains(&item) {
        return error_page(lang, 400, t.error_unknown_item);
    }
    let now = OffsetDateTime::now_utc();
    if let Err(e) = progress::update(&ctx.state_dir, inc.released_at, |p| {
        p.attestations.insert(item.to_owned(), Attested { at: now });
    }) {
        crate::log::event("progress_write_failed", &[("user", req.user.as_str()), ("error", &e.to_string())]);
        return error_page(lang, 500, t.error_internal);
    }
    audit(ctx, req, "attested", "ok", &[("item", item)]);
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
        Review::Token => "token_kept",
        Review::SshKey => "ssh_key_kept",
        Review::Finding => "finding_kept",
    };
    audit(ctx, req, event, "ok", &[("name", name), ("reason", reason)]);
    if matches!(what, Review::Finding) {
        return Response::see_other(&format!("{}?view=sweep", req.self_url()));
    }
    back(req, "saved")
}

fn remove(req: &Request, ctx: &Ctx, lang: Lang, what: Review) -> Response {
    let t = lang.texts();
    let name = req.form_value("name").unwrap_or("");
    if !valid_name(name) {
        return error_page(lang, 400, t.error_bad_request);
    }
    let (result, event) = match what {
        // Tokens::revoke answers 1, or 0 when there was no such token.
        Review::Token => {
            let c = Call::new("Tokens", "revoke").arg("name", name);
            let r = uapi::call(ctx.transport.as_ref(), &c).and_then(|d| match d.as_i64() {
                Some(1) => Ok(d),
                _ => Err(crate::uapi::UapiError::Cpanel { call: c.name(), errors: vec!["no such token".into()] }),
            });
            (r, "token_revoked")
        }
        // SSH::delkey (API 2) answers an empty list when it deleted nothing.
        Review::SshKey => {
            let c = Call::new("SSH", "delkey").arg("name", name).arg("pub", "1");
            let r = uapi::call_api2(ctx.transport.as_ref(), &c).and_then(|d| crate::uapi::types::api2_outcome(&c, d));
            (r, "ssh_key_removed")
        }
        // Findings are removed by the sweep page, which knows what each one is.
        Review::Finding => return error_page(lang, 400, t.error_bad_request),
    };
    match result {
        Ok(_) => {
            audit(ctx, req, event, "ok", &[("name", name)]);
            back(req, "saved")
        }
        Err(e) => {
            crate::log::event(
                "remove_failed",
                &[("user", req.user.as_str()), ("what", event), ("error", &e.to_string())],
            );
            audit(ctx, req, event, "failed", &[("name", name)]);
            error_page(lang, 502, t.error_cpanel_action)
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
    audit(ctx, req, "reopen_attempt", "ok", &[]);
    match uapi::call(ctx.transport.as_ref(), &privileged::reopen_call(release)) {
        Ok(_) => back(req, "reopened"),
        Err(UapiError::Cpanel { errors, .. }) => {
            let mut r = home::view(req, ctx, Some(Notice::Refused(errors.join(" "))));
            r.status = 409;
            r
        }
        Err(e) => {
            crate::log::event("reopen_failed", &[("user", req.user.as_str()), ("error", &e.to_string())]);
            error_page(lang, 502, t.error_cpanel_action)
        }
    }
}

/// New keys and salts and no code editing, in every wp-config.php under the document roots.
fn harden_wordpress(req: &Request, ctx: &Ctx, lang: Lang, inc: &Incident) -> Response {
    let t = lang.texts();
    let roots = match uapi::call(ctx.transport.as_ref(), &Call::new("DomainInfo", "domains_data")) {
        Ok(v) => crate::checklist::probes::docroots(&v),
        Err(_) => return error_page(lang, 502, t.error_cpanel_action),
    };
    let found = crate::checklist::files::scan(&ctx.home, &roots, &Default::default());
    let mut done = Vec::new();
    for c in &found.wp_configs {
        match crate::passwords::apply::harden_config(&ctx.home, &ctx.state_dir, &c.path) {
            Ok(()) => done.push(c.path.clone()),
            Err(e) => {
                crate::log::event("harden_failed", &[("user", req.user.as_str()), ("file", &c.path), ("error", &e)]);
                audit(ctx, req, "wordpress_hardened", "failed", &[("file", &c.path)]);
                return error_page(lang, 500, t.error_cpanel_action);
            }
        }
    }
    // Remember the keys and salts we set, to tell them from ones a restore brings back.
    let after = crate::checklist::files::scan(&ctx.home, &roots, &Default::default());
    let r = progress::update(&ctx.state_dir, inc.released_at, |p| {
        for c in after.wp_configs.iter().filter(|c| done.contains(&c.path)) {
            p.wp_salts.insert(c.path.clone(), c.salts_fingerprint.clone());
        }
    });
    if r.is_err() {
        return error_page(lang, 500, t.error_internal);
    }
    audit(ctx, req, "wordpress_hardened", "ok", &[("files", &done.join(", "))]);
    back(req, "saved")
}
