//! The delete-then-restore step: choose the folder and the backup (the newest one made
//! before the attack is preselected), then quarantine, restore and verify.

use super::actions::Action;
use maud::{Markup, html};
use serde_json::Value;

use super::{Ctx, csrf_field, error_page, lang_of, layout};
use crate::cgi::{Request, Response};
use crate::checklist::CLEAN_INSTALL;
use crate::i18n::Lang;
use crate::incident::Incident;
use crate::privileged::Event;
use crate::restore::choose::{Backup, Choice, choose, is_clean};
use crate::restore::purge::{self, PurgeError};
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
    let content = html! {
        p { a href=(req.self_url()) { (t.back_to_checklist) } }
        section.card aria-labelledby="restore-h" {
            h2 #restore-h { (rt.title) }
            p { (rt.intro) }
            @if let Some(r) = &record {
                @match r.step {
                    Step::Verified => div.card.alert.good role="status" {
                        p { ((rt.done)(&r.folder, &r.backup_id, r.files, &r.quarantine)) }
                        @if ctx.home.join(&r.quarantine).exists() {
                            p { (rt.purge_intro) }
                            (post(req, ctx, Action::QuarantinePurge, rt.purge_button, Look::Secondary))
                        }
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
                                    (id) " – "
                                    @if before { (rt.before_attack) } @else if inc.attack_time.is_some() { strong { (rt.after_attack) } }
                                }
                            }
                        }
                    }
                    button type="submit" { (rt.start_button) }
                }
            }
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
    let plan = run::Plan {
        home: &ctx.home,
        state_dir: &ctx.state_dir,
        folder,
        backup_id: &backup.id,
        backup_before_attack: inc.attack_time.as_ref().is_some_and(|a| is_clean(backup, a)),
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

/// Deletes the quarantined copy of the last restored folder ([`purge::purge`]).
pub fn purge(req: &Request, ctx: &Ctx, audit: impl Fn(Event, &str, &[(&str, &str)])) -> Response {
    let lang = Lang::from_accept_language(&req.accept_language);
    match purge::purge(&ctx.home, &ctx.state_dir) {
        Ok(folder) => {
            audit(Event::QuarantinePurged, "ok", &[("folder", &folder)]);
            back(req)
        }
        Err(PurgeError::Nothing) => back(req),
        Err(PurgeError::Unsafe) => error_page(lang, 400, lang.texts().error_bad_request),
        Err(PurgeError::Io(e)) => {
            crate::log::event("purge_failed", &[("user", req.user.as_str()), ("error", &e.to_string())]);
            error_page(lang, 500, lang.texts().error_internal)
        }
    }
}
