//! The delete-then-restore step: choose the folder and the backup (the newest one made
//! before the attack is preselected), then quarantine, restore and verify.

use super::actions::Action;
use maud::{Markup, html};
use serde_json::Value;

use super::{Ctx, csrf_field, error_page, lang_of, layout};
use crate::cgi::{Request, Response};
use crate::checklist::CLEAN_INSTALL;
use crate::checklist::Policy;
use crate::i18n::Lang;
use crate::i18n::when;
use crate::incident::Incident;
use crate::privileged::Event;
use crate::restore::choose::{Backup, Choice, choose, is_clean};
use crate::restore::quarantine;
use crate::restore::run::{self, Step};
use crate::uapi::types::{BackupOfPath, decode};
use crate::uapi::{self, Call, UapiError};

struct Facts {
    lang: Lang,
    /// Every backup that holds at least one of the folders (newest first), and the folders
    /// each holds.
    backups: Vec<(Backup, Vec<String>)>,
    folders: Vec<String>,
}

/// The folders (document roots) and, per folder, the backups cPanel holds of it:
/// `Restore::query_file_info` lists daily, weekly and monthly backups (`Backup::list_backups`
/// only the daily ones). File restoration being off for the account means no backups.
fn facts(req: &Request, ctx: &Ctx) -> Result<Facts, Response> {
    let calls = [Call::new("Locale", "get_attributes"), Call::new("DomainInfo", "domains_data")];
    let mut r = uapi::batch(ctx.transport.as_ref(), &calls).into_iter();
    let lang = lang_of(r.next().expect("answer"), req);
    let t = lang.texts();
    let domains = r.next().expect("answer").map_err(|_| error_page(lang, 502, t.error_cpanel_action))?;
    let mut folders = Vec::new();
    let mut take = |d: &Value| {
        if let Some(p) = d.get("documentroot").and_then(Value::as_str)
            && let Ok(rel) = std::path::Path::new(p).strip_prefix(&ctx.home)
        {
            let rel = rel.to_string_lossy().into_owned();
            if !rel.is_empty() && !folders.contains(&rel) {
                folders.push(rel);
            }
        }
    };
    if let Some(m) = domains.get("main_domain") {
        take(m);
    }
    for k in ["addon_domains", "sub_domains"] {
        domains.get(k).and_then(Value::as_array).into_iter().flatten().for_each(&mut take);
    }
    let calls: Vec<Call> = folders.iter().map(|f| run::backups_of_call(f)).collect();
    let mut backups: Vec<(Backup, Vec<String>)> = Vec::new();
    for ((folder, res), c) in folders.iter().zip(uapi::batch(ctx.transport.as_ref(), &calls)).zip(&calls) {
        let records: Vec<BackupOfPath> = match res {
            Ok(v) => decode(c, v).map_err(|_| error_page(lang, 502, t.error_cpanel_action))?,
            // No backup holds the folder ("/… does not exist."), or file restoration is not
            // offered to this account: either way there is nothing to restore it from.
            Err(e @ UapiError::Cpanel { .. }) => {
                crate::log::event(
                    "no_backups",
                    &[("user", req.user.as_str()), ("folder", folder), ("why", &e.to_string())],
                );
                Vec::new()
            }
            Err(_) => return Err(error_page(lang, 502, t.error_cpanel_action)),
        };
        for r in records {
            let Some(b) = Backup::parse(&r.backup_id, &r.backup_date) else { continue };
            match backups.iter_mut().find(|(x, _)| x.id == b.id) {
                Some((_, f)) => f.push(folder.clone()),
                None => backups.push((b, vec![folder.clone()])),
            }
        }
    }
    backups.sort_by(|(a, _), (b, _)| b.date.cmp(&a.date).then_with(|| a.id.cmp(&b.id)));
    Ok(Facts { lang, backups, folders })
}

pub fn view(req: &Request, ctx: &Ctx, inc: &Incident) -> Response {
    let f = match facts(req, ctx) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let t = f.lang.texts();
    let rt = &t.restore;
    let record = run::load(&ctx.state_dir).ok().flatten();
    let all: Vec<Backup> = f.backups.iter().map(|(b, _)| b.clone()).collect();
    let choice = choose(&all, inc.attack_time.as_ref());
    let default_folder =
        inc.affected_dir.clone().filter(|d| f.folders.contains(d)).or_else(|| f.folders.first().cloned());
    // `?late=ID&folder=F`: the customer chose a backup from after the attack (see `start`).
    let late = req.query_value("late").and_then(|id| {
        let folder = req.query_value("folder")?;
        let (b, holds) = f.backups.iter().find(|(b, _)| b.id == id)?;
        holds.iter().any(|h| h == folder).then(|| (b.clone(), folder.to_owned()))
    });
    let content = html! {
        p { a href=(req.self_url()) { (t.back_to_checklist) } }
        section.card aria-labelledby="restore-h" {
            h2 #restore-h { (rt.title) }
            p { (rt.intro) }
            @if let Some(r) = &record {
                @match r.step {
                    Step::Verified => div.card.alert.good role="status" {
                        @let label = all.iter().find(|b| b.id == r.backup_id).map(|b| backup_label(f.lang, b)).unwrap_or_else(|| r.backup_id.clone());
                        p { ((rt.done)(&r.folder, &label, r.files, &r.quarantine)) }
                    },
                    Step::RolledBack => p.card.alert.bad role="alert" { (rt.rolled_back) },
                    _ => div.card.alert role="alert" {
                        p { (rt.interrupted) }
                        (post(req, ctx, Action::RestoreContinue, rt.continue_button, Look::Primary))
                        (post(req, ctx, Action::RestoreRollback, rt.rollback_button, Look::Secondary))
                    },
                }
            }
            @match &choice {
                Choice::AllAfterAttack(_) => p.card.alert.bad role="alert" { (rt.all_after_attack) },
                Choice::NoBackups => p.card.alert.bad role="alert" { (rt.no_backups) },
                Choice::AttackTimeUnknown(_) => p.card.alert role="note" { (rt.unknown_attack_time) },
                Choice::Clean { .. } => {},
            }
            @if let Some((b, folder)) = &late { (confirm_late(req, ctx, f.lang, b, folder)) }
            @if !all.is_empty() && !record.as_ref().is_some_and(run::Record::interrupted) {
                form method="post" action=(req.self_url()) {
                    (csrf_field(ctx, req))
                    input type="hidden" name="action" value=(Action::RestoreStart.as_str());
                    p {
                        label for="folder" { (rt.folder_label) } br;
                        select #folder name="folder" {
                            @for d in &f.folders {
                                option value=(d) selected[Some(d) == default_folder.as_ref()] { (d) }
                            }
                        }
                    }
                    fieldset {
                        legend { (rt.backup_label) }
                        @for (b, _) in &f.backups {
                            @let id = &b.id;
                            @let clean = matches!(&choice, Choice::Clean { chosen, .. } if chosen == b);
                            @let before = inc.attack_time.as_ref().is_some_and(|a| is_clean(b, a));
                            div {
                                input type="radio" name="backup" id={ "b-" (id) } value=(id) checked[clean];
                                " "
                                label for={ "b-" (id) } {
                                    (backup_label(f.lang, b)) " – "
                                    @if before { (rt.before_attack) } @else if inc.attack_time.is_some() { strong { (rt.after_attack) } }
                                }
                            }
                        }
                    }
                    button type="submit" { (rt.start_button) }
                }
            }
            @if let Some(q) = quarantine_list(req, ctx, f.lang) { (q) }
            @if matches!(choice, Choice::AllAfterAttack(_) | Choice::NoBackups) {
                form method="post" action=(req.self_url()) {
                    (csrf_field(ctx, req))
                    input type="hidden" name="action" value=(Action::Attest.as_str());
                    input type="hidden" name="item" value=(CLEAN_INSTALL);
                    p { (rt.clean_install) }
                    button type="submit" { (rt.clean_install_button) }
                }
            }
        }
    };
    Response::html(200, layout(f.lang, Some(req), rt.title, content).into_string())
}

/// A backup as people name it: its day in the customer's language, and which of cPanel's
/// series it belongs to (`weekly/2026-11-15` → "15 November 2026 (weekly backup)").
fn backup_label(lang: Lang, b: &Backup) -> String {
    let rt = &lang.texts().restore;
    let series = match b.id.split_once('/') {
        Some(("weekly", _)) => rt.weekly,
        Some(("monthly", _)) => rt.monthly,
        _ => rt.daily,
    };
    format!("{} ({series})", when::date(lang, b.date))
}

/// The warning before a restore from a backup made after the attack, with the one form that
/// goes ahead anyway.
fn confirm_late(req: &Request, ctx: &Ctx, lang: Lang, b: &Backup, folder: &str) -> Markup {
    let rt = &lang.texts().restore;
    html! {
        div.card.alert.bad #late role="alert" {
            h3 { (rt.late_title) }
            p { ((rt.late_warning)(folder, &backup_label(lang, b))) }
            form method="post" action=(req.self_url()) {
                (csrf_field(ctx, req))
                input type="hidden" name="action" value=(Action::RestoreStart.as_str());
                input type="hidden" name="folder" value=(folder);
                input type="hidden" name="backup" value=(b.id);
                p {
                    input #late_ok type="checkbox" name="late_ok" value="yes" required;
                    " " label for="late_ok" { (rt.late_confirm) }
                }
                button type="submit" { (rt.late_button) }
                " "
                a.button.secondary href={ (req.self_url()) "?view=restore" } { (rt.late_cancel) }
            }
        }
    }
}

/// How a button looks: the step's main way forward, or a secondary one.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Look {
    Primary,
    Secondary,
}

fn post(req: &Request, ctx: &Ctx, action: Action, label: &str, look: Look) -> Markup {
    html! {
        form.inline method="post" action=(req.self_url()) {
            (csrf_field(ctx, req))
            input type="hidden" name="action" value=(action.as_str());
            button class=[(look == Look::Secondary).then_some("secondary")] type="submit" { (label) }
        }
    }
}

fn back(req: &Request) -> Response {
    Response::see_other(&format!("{}?view=restore", req.self_url()))
}

pub fn start(req: &Request, ctx: &Ctx, inc: &Incident, audit: impl Fn(Event, &str, &[(&str, &str)])) -> Response {
    let f = match facts(req, ctx) {
        Ok(f) => f,
        Err(r) => return r,
    };
    let t = f.lang.texts();
    let folder = req.form_value("folder").unwrap_or("");
    if !f.folders.iter().any(|d| d == folder) {
        return error_page(f.lang, 400, t.restore.error_folder);
    }
    let Some((backup, _)) = f
        .backups
        .iter()
        .find(|(b, holds)| Some(b.id.as_str()) == req.form_value("backup") && holds.iter().any(|h| h == folder))
    else {
        return error_page(f.lang, 400, t.restore.error_backup);
    };
    if run::load(&ctx.state_dir).ok().flatten().is_some_and(|r| r.interrupted()) {
        return back(req);
    }
    let before_attack = inc.attack_time.as_ref().is_some_and(|a| is_clean(backup, a));
    // A backup from after the attack may hold the backdoor: the customer confirms that on a
    // page that says so (a GET, so Back and reload are harmless) before anything moves.
    if !before_attack && inc.attack_time.is_some() && req.form_value("late_ok") != Some("yes") {
        let enc = |s: &str| percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC).to_string();
        return Response::see_other(&format!(
            "{}?view=restore&late={}&folder={}#late",
            req.self_url(),
            enc(&backup.id),
            enc(folder)
        ));
    }
    let plan = run::Plan {
        home: &ctx.home,
        state_dir: &ctx.state_dir,
        folder,
        backup_id: &backup.id,
        backup_before_attack: before_attack,
    };
    finish(req, ctx, f.lang, run::run(ctx.transport.as_ref(), &plan), audit)
}

/// What a POST on an unfinished restore asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resume {
    Continue,
    RollBack,
}

pub fn resume(req: &Request, ctx: &Ctx, how: Resume, audit: impl Fn(Event, &str, &[(&str, &str)])) -> Response {
    let lang = Lang::from_accept_language(&req.accept_language);
    let result = if how == Resume::RollBack {
        match run::load(&ctx.state_dir).ok().flatten() {
            Some(r) if r.interrupted() => run::roll_back(&ctx.home, &ctx.state_dir, r, "rolled back by the customer"),
            _ => return back(req),
        }
    } else {
        run::resume(ctx.transport.as_ref(), &ctx.home, &ctx.state_dir)
    };
    finish(req, ctx, lang, result, audit)
}

fn finish(
    req: &Request,
    ctx: &Ctx,
    lang: Lang,
    result: Result<run::Record, String>,
    audit: impl Fn(Event, &str, &[(&str, &str)]),
) -> Response {
    // Restored or rolled back, the folder's files changed: the page's saved walk is renewed.
    if let Ok(Some(inc)) = crate::incident::load(&ctx.paths, req.user.as_str()) {
        super::actions::files_changed(req, ctx, &inc);
    }
    match result {
        Ok(r) if r.step == Step::Verified => {
            audit(
                Event::RestoreDone,
                "ok",
                &[("folder", &r.folder), ("backup", &r.backup_id), ("files", &r.files.to_string())],
            );
            back(req)
        }
        Ok(r) => {
            let why = r.problem.clone().unwrap_or_default();
            crate::log::event("restore_rolled_back", &[("user", req.user.as_str()), ("why", &why)]);
            audit(Event::RestoreRolledBack, "failed", &[("folder", &r.folder), ("why", &why)]);
            back(req)
        }
        Err(e) => {
            crate::log::event("restore_failed", &[("user", req.user.as_str()), ("error", &e)]);
            // Say "put back" only when the folder is in its place; else it is in the quarantine.
            let in_place = run::load(&ctx.state_dir).ok().flatten().is_none_or(|r| ctx.home.join(&r.folder).exists());
            let rt = &lang.texts().restore;
            error_page(lang, 500, if in_place { rt.rolled_back } else { rt.interrupted })
        }
    }
}

/// Every quarantined copy with its size and dates, each with its own delete form (a box to
/// tick first). `None` when there is no copy.
fn quarantine_list(req: &Request, ctx: &Ctx, lang: Lang) -> Option<Markup> {
    let rt = &lang.texts().restore;
    let copies = match quarantine::list(&ctx.state_dir) {
        Ok(c) if c.is_empty() => return None,
        Ok(c) => c,
        Err(e) => {
            crate::log::event("quarantine_unreadable", &[("user", req.user.as_str()), ("error", &e.to_string())]);
            return Some(html! { p.card.alert.bad role="alert" { (rt.quarantine_unreadable) } });
        }
    };
    let days = Policy::load(&ctx.paths).map(|p| p.quarantine_days).unwrap_or(30);
    Some(html! {
        section #quarantine aria-labelledby="quarantine-h" {
            h3 #quarantine-h { (rt.quarantine_title) }
            p { ((rt.quarantine_intro)(days)) }
            ul.copies {
                @for c in &copies {
                    @let field = format!("confirm-{}", c.name);
                    li.copy {
                        p {
                            strong.path { (c.folder) }
                            @if c.partial { " (" (rt.partial_copy) ")" }
                            br;
                            span.muted.path { "~/.secure_reopen/quarantine/" (c.name) }
                        }
                        dl.facts {
                            dt { (rt.col_size) }
                            dd { (when::size(lang, c.bytes)) ", " ((rt.files)(c.files)) @if c.truncated { " +" } }
                            dt { (rt.col_made) }
                            dd { (when::date_time(lang, c.made)) }
                            dt { (rt.col_until) }
                            dd { (when::date(lang, when::local_date(c.kept_until(days)))) }
                        }
                        form method="post" action=(req.self_url()) {
                            (csrf_field(ctx, req))
                            input type="hidden" name="action" value=(Action::QuarantinePurge.as_str());
                            input type="hidden" name="name" value=(c.name);
                            p {
                                input #(field) type="checkbox" name="confirm" value="yes" required;
                                " " label for=(field) { (rt.purge_confirm) }
                            }
                            button.secondary type="submit" { (rt.purge_button) }
                        }
                    }
                }
            }
        }
    })
}

/// Deletes exactly the quarantined copy the customer named and confirmed, run as the customer;
/// a link is never followed and nothing outside that copy is touched (`restore::quarantine`).
pub fn purge(req: &Request, ctx: &Ctx, audit: impl Fn(Event, &str, &[(&str, &str)])) -> Response {
    let lang = Lang::from_accept_language(&req.accept_language);
    let t = lang.texts();
    let name = req.form_value("name").unwrap_or("");
    if req.form_value("confirm") != Some("yes") {
        return error_page(lang, 400, t.restore.purge_must_confirm);
    }
    match quarantine::purge(&ctx.state_dir, name) {
        Ok(c) => {
            audit(Event::QuarantinePurged, "ok", &[("copy", &c.name), ("bytes", &c.bytes.to_string())]);
            Response::see_other(&format!("{}?view=restore#quarantine", req.self_url()))
        }
        Err(quarantine::PurgeError::BadName) => error_page(lang, 400, t.error_bad_request),
        Err(quarantine::PurgeError::NoSuchCopy) => error_page(lang, 409, t.restore.copy_gone),
        Err(e) => {
            crate::log::event("purge_failed", &[("user", req.user.as_str()), ("error", &e.to_string())]);
            audit(Event::QuarantinePurged, "failed", &[("copy", name)]);
            error_page(lang, 500, t.error_internal)
        }
    }
}
