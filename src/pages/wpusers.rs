//! Runbook step 4, the users inside the scripts: every WordPress site's administrators and
//! uploaders (those created after the attack first), one button that shows a sheet of new
//! passwords, and — only after the customer confirms they saved it — exactly those passwords
//! set through WordPress's own API, sessions ended. The sheet follows the account passwords'
//! discipline: the server keeps one argon2id digest of it, never the passwords.

use super::actions::Action;
use std::collections::BTreeMap;

use maud::{Markup, html};
use time::OffsetDateTime;

use super::{Ctx, csrf_field, error_page, lang_of, layout};
use crate::cgi::{Request, Response};
use crate::i18n::{Lang, Texts};
use crate::incident::Incident;
use crate::passwords::plan::{self, CredentialId, Item, Kind, Stored};
use crate::passwords::{self, Secret};
use crate::privileged::Event;
use crate::uapi::{self, Call};
use crate::wordpress::others::{self, Cms};
use crate::wordpress::php::{self, Op, RunError};
use crate::wordpress::{self, Reply, Target, User, record};

/// Per install (relative to home): what WordPress answered.
type Seen = Vec<(String, Result<Reply, RunError>)>;

/// One look at every install: the language, and per install what WordPress answered. Each
/// answer is also written to the record (what the checklist reads).
fn look(req: &Request, ctx: &Ctx, inc: &Incident, software: bool) -> (Lang, Seen, Vec<std::path::PathBuf>) {
    let r = uapi::batch(
        ctx.transport.as_ref(),
        &[Call::new("Locale", "get_attributes"), Call::new("DomainInfo", "domains_data")],
    );
    let mut r = r.into_iter();
    let lang = lang_of(r.next().unwrap_or_else(|| Err(uapi::UapiError::NotRun { call: "Locale".into() })), req);
    let roots = match r.next() {
        Some(Ok(v)) => crate::checklist::probes::docroots(&v),
        _ => return (lang, Vec::new(), Vec::new()),
    };
    let Ok(key) = record::digest_key(&ctx.state_dir) else { return (lang, Vec::new(), roots) };
    let opts = php::Options::default();
    // A few sites at a time: each is a php-cli process that mostly waits for its database.
    let installs = wordpress::installs(&ctx.home, &roots);
    let mut seen: Seen = Vec::with_capacity(installs.len());
    let home = ctx.home.as_path();
    for chunk in installs.chunks(4) {
        std::thread::scope(|s| {
            let running: Vec<_> = chunk
                .iter()
                .map(|i| s.spawn(|| (i.clone(), php::run(&opts, home, i, &key, Op::List { software }))))
                .collect();
            seen.extend(running.into_iter().filter_map(|h| h.join().ok()));
        });
    }
    let now = OffsetDateTime::now_utc();
    let _ = record::update(&ctx.state_dir, inc.released_at, |rec| {
        for (install, r) in &seen {
            let s = r.as_ref().map(|r| (r.users.as_slice(), r.wp_version.as_deref())).map_err(|e| e.to_string());
            record::observe(rec, install, now, s);
        }
    });
    for (install, r) in &seen {
        if let Err(e) = r {
            crate::log::event(
                "wordpress_unreadable",
                &[("user", req.user.as_str()), ("install", install), ("error", &e.to_string())],
            );
        }
    }
    (lang, seen, roots)
}

/// Text with a line-break opportunity after `@ . / - _` (escaped as usual): long e-mail
/// addresses and paths wrap on a phone instead of widening the page.
fn breakable(s: &str) -> Markup {
    html! {
        @for (n, part) in s.split_inclusive(['@', '.', '/', '-', '_']).enumerate() {
            @if n > 0 { wbr; }
            (part)
        }
    }
}

/// A WordPress time (unix seconds) in the server's time zone, with the zone.
fn date(lang: Lang, t: Option<i64>, unknown: &str) -> String {
    t.and_then(|s| OffsetDateTime::from_unix_timestamp(s).ok())
        .map(|d| crate::i18n::when::date_time(lang, d))
        .unwrap_or_else(|| unknown.to_owned())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Pw {
    Changed,
    Old,
    Failed,
}

fn status_of(rec: &record::Record, install: &str, u: &User, release: Option<OffsetDateTime>) -> Pw {
    let c = rec.installs.get(install).and_then(|o| o.changes.get(&u.id.to_string()));
    match c {
        Some(c) if c.ok && release.is_none_or(|r| c.at >= r) && c.old_hash != u.hash => Pw::Changed,
        Some(c) if !c.ok => Pw::Failed,
        _ => Pw::Old,
    }
}

/// GET ?view=wpusers
pub fn view(req: &Request, ctx: &Ctx, inc: &Incident) -> Response {
    let (lang, seen, roots) = look(req, ctx, inc, true);
    let t = lang.texts();
    let wt = &t.wp_users;
    let rec = record::load(&ctx.state_dir, inc.released_at).unwrap_or_default();
    let attack = inc.attack_time.as_ref().map(|a| a.at);
    let note = [inc.vector.as_deref(), inc.notes.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" ");
    let any_user = seen.iter().any(|(_, r)| r.as_ref().is_ok_and(|r| !r.users.is_empty()));
    let done = req.query_value("done") == Some("1");
    let content = html! {
        p { a href=(req.self_url()) { (t.back_to_checklist) } }
        section.card aria-labelledby="wpu-h" {
            h2 #wpu-h { (wt.title) }
            p { (wt.intro) }
            @if done { (results(t, &rec, &seen, inc.released_at)) }
            @if seen.is_empty() { p { (wt.no_sites) } }
            @for (install, r) in &seen {
                (site(t, install, r, &rec, attack, inc.released_at, &note))
            }
            @if any_user {
                form method="post" action=(req.self_url()) {
                    (csrf_field(ctx, req))
                    input type="hidden" name="action" value=(Action::WpPlan.as_str());
                    input type="hidden" name="seen" value=(last_change(&rec));
                    button type="submit" { (wt.plan_button) }
                }
                p.muted { (wt.method_note) }
            }
        }
        (others(t, ctx, &roots, attack))
    };
    Response::html(200, layout(lang, Some(req), wt.title, content).into_string())
}

/// Joomla and Drupal sites: their administrators and the written steps.
fn others(t: &Texts, ctx: &Ctx, roots: &[std::path::PathBuf], attack: Option<OffsetDateTime>) -> Markup {
    let wt = &t.wp_users;
    let sites = others::sites(&ctx.home, roots);
    if sites.is_empty() {
        return html! {};
    }
    let opts = php::Options::default();
    html! {
        section.card aria-labelledby="cms-h" {
            h2 #cms-h { (wt.others_title) }
            p { (wt.others_intro) }
            @for (cms, folder) in &sites {
                @let steps = match cms { Cms::Joomla => wt.joomla_steps, Cms::Drupal => wt.drupal_steps };
                section.card {
                    h3 { (match cms { Cms::Joomla => wt.joomla_site, Cms::Drupal => wt.drupal_site }) " " code { "~/" (breakable(folder)) } }
                    @match others::admins(&opts, &ctx.home, *cms, folder) {
                        Ok(admins) if admins.is_empty() => p { (wt.no_admins) },
                        Ok(admins) => ul.plain { @for a in &admins { li {
                            h4 { code { (breakable(&a.login)) } @if a.blocked { " (" (wt.blocked) ")" } }
                            @if matches!((a.registered, attack), (Some(r), Some(at)) if r >= at.unix_timestamp()) {
                                p.alert.bad { strong { (wt.created_after_attack) } }
                            }
                            dl.facts {
                                dt { (wt.email) } dd { (breakable(&a.email)) }
                                dt { (wt.col_role) } dd { (if a.role == "super_user" { wt.super_user } else { wt.admin }) }
                                dt { (wt.col_registered) } dd { (date(t.lang, a.registered, wt.unknown)) }
                                dt { (wt.col_last_login) } dd { (date(t.lang, a.last_login, wt.unknown)) }
                            }
                        } } },
                        Err(e) => {
                            p.alert.bad role="alert" { (wt.others_read_error) }
                            details { summary { (wt.details) } p { code lang="en" { (e.to_string()) } } }
                        }
                    }
                    ol { @for s in steps { li { (s) } } }
                }
            }
        }
    }
}

fn results(
    t: &Texts,
    rec: &record::Record,
    seen: &[(String, Result<Reply, RunError>)],
    release: Option<OffsetDateTime>,
) -> Markup {
    let mut done = 0;
    let mut failed = Vec::new();
    for (install, r) in seen {
        for u in r.as_ref().map(|r| r.users.as_slice()).unwrap_or_default() {
            match status_of(rec, install, u, release) {
                Pw::Changed => done += 1,
                Pw::Failed => failed.push((install.as_str(), u.login.as_str())),
                Pw::Old => {}
            }
        }
    }
    let bad = !failed.is_empty();
    html! {
        div #result .card.alert.good[!bad] .bad[bad] role="status" {
            p { strong { ((t.wp_users.results)(done, failed.len())) } }
            @if bad { ul.plain { @for (i, l) in &failed { li { code { (i) } " – " code { (l) } } } } }
        }
    }
}

fn site(
    t: &Texts,
    install: &str,
    r: &Result<Reply, RunError>,
    rec: &record::Record,
    attack: Option<OffsetDateTime>,
    release: Option<OffsetDateTime>,
    note: &str,
) -> Markup {
    let wt = &t.wp_users;
    html! {
        section.card {
            h3 { (wt.site) " " code { "~/" (breakable(install)) } }
            @match r {
                Err(e) => {
                    p.alert.bad role="alert" { (wt.read_error) }
                    details { summary { (wt.details) } p { code lang="en" { (e.to_string()) } } }
                }
                Ok(reply) => {
                    @if let Some(v) = &reply.wp_version { p { (wt.version) ": " (v) } }
                    @if reply.users.is_empty() { p { (wt.nobody) } } @else {
                        (users_table(t, install, reply, rec, attack, release))
                    }
                    (software(t, reply, note))
                }
            }
        }
    }
}

fn users_table(
    t: &Texts,
    install: &str,
    reply: &Reply,
    rec: &record::Record,
    attack: Option<OffsetDateTime>,
    release: Option<OffsetDateTime>,
) -> Markup {
    let wt = &t.wp_users;
    let mut users = reply.users.clone();
    wordpress::sort_for_review(&mut users, attack);
    let attack_ts = attack.map(|a| a.unix_timestamp());
    // One block per user (a list of facts, not a wide table: it stays readable on a phone).
    html! {
        ul.plain {
            @for u in &users {
                @let flagged = wordpress::created_after(u, attack_ts);
                li {
                    h4 { code { (breakable(&u.login)) } }
                    @if flagged { p.alert.bad { strong { (wt.created_after_attack) } } }
                    dl.facts {
                        dt { (wt.email) } dd { (breakable(&u.email)) }
                        dt { (wt.col_role) } dd { (if u.admin { wt.admin } else { wt.uploader }) }
                        dt { (wt.col_registered) } dd { (date(t.lang, u.registered, wt.unknown)) }
                        dt { (wt.col_last_login) } dd { (date(t.lang, u.last_login, wt.unknown)) }
                        dt { (wt.col_status) } dd { (match status_of(rec, install, u, release) {
                            Pw::Changed => wt.status_changed,
                            Pw::Old => wt.status_old,
                            Pw::Failed => wt.status_failed,
                        }) }
                    }
                }
            }
        }
    }
}

fn software(t: &Texts, reply: &Reply, note: &str) -> Markup {
    let wt = &t.wp_users;
    let named = |s: &wordpress::Software| !note.is_empty() && wordpress::named_in(note, s);
    let all = reply.plugins.iter().flatten().chain(reply.themes.iter().flatten());
    let any_named = all.clone().any(named);
    let list = |items: &Option<Vec<wordpress::Software>>| {
        html! {
            ul.plain {
                @for s in items.iter().flatten() {
                    li {
                        (s.name) " " (s.version) " (" (if s.active { wt.active } else { wt.inactive }) ")"
                        @if let Some(v) = &s.update { " – " (wt.update_available) " " (v) }
                        @if named(s) { " – " strong { (wt.named_in_note) } }
                    }
                }
            }
        }
    };
    html! {
        details open[any_named] {
            summary { (wt.software_title) }
            h4 { (wt.plugins) } (list(&reply.plugins))
            h4 { (wt.themes) } (list(&reply.themes))
        }
    }
}

/// When passwords were last set here (unix time, 0 for never): the page's button carries it,
/// so a form from before the last change (Back and resubmit) cannot make a new sheet.
fn last_change(rec: &record::Record) -> i64 {
    rec.installs.values().flat_map(|o| o.changes.values()).map(|c| c.at.unix_timestamp()).max().unwrap_or(0)
}

/// POST wp_plan: a new sheet for every administrator and uploader seen now.
pub fn new_plan(req: &Request, ctx: &Ctx, inc: &Incident) -> Response {
    let lang = Lang::from_accept_language(&req.accept_language);
    let rec = record::load(&ctx.state_dir, inc.released_at).unwrap_or_default();
    if req.form_value("seen").and_then(|s| s.parse::<i64>().ok()) != Some(last_change(&rec)) {
        return error_page(lang, 409, lang.texts().wp_users.stale_sheet);
    }
    let (lang, seen, _) = look(req, ctx, inc, false);
    let mut items = Vec::new();
    let mut names = BTreeMap::new();
    for (install, r) in &seen {
        for u in r.as_ref().map(|r| r.users.as_slice()).unwrap_or_default() {
            let target = Target { install: install.clone(), id: u.id };
            let inputs = [req.user.as_str(), u.login.as_str(), u.email.as_str()];
            items.push(Item {
                id: CredentialId { kind: Kind::WordpressAdmin, login: target.login() },
                password: passwords::generate_strong(&inputs),
                custom: false,
            });
            names.insert(target.login(), u.login.clone());
        }
    }
    if items.is_empty() {
        return Response::see_other(&format!("{}?view=wpusers", req.self_url()));
    }
    let plan_id = plan::new_plan_id();
    let stored = plan::digest(&plan_id, &items).and_then(|digest| {
        let s = Stored {
            plan_id: plan_id.clone(),
            created_at: OffsetDateTime::now_utc(),
            items: items.iter().map(|i| i.id.clone()).collect(),
            digest,
            // This sheet is shown once and kept by the customer; no seed, no own passwords.
            seed_check: String::new(),
            bumps: Default::default(),
            own: Default::default(),
            replaced: None,
        };
        record::save_plan(&ctx.state_dir, &s).map_err(|e| e.to_string())?;
        Ok(s)
    });
    match stored {
        Ok(s) => sheet(lang, req, ctx, &s, &items, &names),
        Err(e) => {
            crate::log::event("wp_plan_failed", &[("user", req.user.as_str()), ("error", &e)]);
            error_page(lang, 500, lang.texts().error_internal)
        }
    }
}

fn sheet(
    lang: Lang,
    req: &Request,
    ctx: &Ctx,
    stored: &Stored,
    items: &[Item],
    names: &BTreeMap<String, String>,
) -> Response {
    let t = lang.texts();
    let wt = &t.wp_users;
    // Per site: user → password, as facts (one column on a phone, so a password is never
    // broken across lines).
    let mut sites: BTreeMap<String, Vec<&Item>> = BTreeMap::new();
    for it in items {
        let site = Target::parse(&it.id.login).map(|t| t.install).unwrap_or_default();
        sites.entry(site).or_default().push(it);
    }
    let content = html! {
        p { a href={ (req.self_url()) "?view=wpusers" } { (wt.title) } }
        section.card aria-labelledby="wps-h" {
            h2 #wps-h { (wt.sheet_title) }
            p.card.alert role="note" { (wt.sheet_intro) }
            @for (site, its) in &sites {
                h3 { (wt.site) " " code { "~/" (breakable(site)) } }
                dl.facts {
                    @for it in its {
                        dt { code { (names.get(&it.id.login).map(String::as_str).unwrap_or("")) } }
                        dd { (super::password(it.password.expose())) }
                    }
                }
            }
            form method="post" action=(req.self_url()) {
                (csrf_field(ctx, req))
                input type="hidden" name="action" value=(Action::WpApply.as_str());
                input type="hidden" name="plan" value=(stored.plan_id);
                @for (n, it) in items.iter().enumerate() {
                    input type="hidden" name={ "l" (n) } value=(it.id.login);
                    input type="hidden" name={ "p" (n) } value=(it.password.expose());
                }
                p { input #wsaved type="checkbox" name="saved" value="yes" required; " " label for="wsaved" { (wt.saved_label) } }
                button type="submit" { (wt.apply_button) }
            }
        }
    };
    Response::html(200, layout(lang, Some(req), wt.sheet_title, content).into_string())
}

/// The sheet a POST carries, checked against the stored digest.
fn posted(req: &Request, ctx: &Ctx) -> Option<(Stored, Vec<Item>)> {
    let stored = record::load_plan(&ctx.state_dir).ok().flatten()?;
    if req.form_value("plan") != Some(stored.plan_id.as_str()) {
        return None;
    }
    let mut items = Vec::with_capacity(stored.items.len());
    for n in 0..stored.items.len() {
        let login = req.form_value(&format!("l{n}"))?.to_owned();
        let password = Secret::new(req.form_value(&format!("p{n}"))?.to_owned());
        items.push(Item { id: CredentialId { kind: Kind::WordpressAdmin, login }, password, custom: false });
    }
    if req.form_value(&format!("l{}", stored.items.len())).is_some() {
        return None;
    }
    plan::verify(&stored.plan_id, &items, &stored.digest).then_some((stored, items))
}

/// POST wp_apply: check the sheet, set exactly its passwords install by install, record each
/// user's result, end the sheet, and land on the result.
pub fn apply(req: &Request, ctx: &Ctx, inc: &Incident, audit: impl Fn(Event, &str, &[(&str, &str)])) -> Response {
    let lang = Lang::from_accept_language(&req.accept_language);
    let t = lang.texts();
    let Some((_, items)) = posted(req, ctx) else { return error_page(lang, 409, t.wp_users.tampered) };
    if req.form_value("saved") != Some("yes") {
        return error_page(lang, 400, t.wp_users.must_confirm);
    }
    let mut by_install: BTreeMap<String, Vec<(u64, &Secret)>> = BTreeMap::new();
    for it in &items {
        let Some(target) = Target::parse(&it.id.login) else { return error_page(lang, 400, t.error_bad_request) };
        by_install.entry(target.install).or_default().push((target.id, &it.password));
    }
    let Ok(key) = record::digest_key(&ctx.state_dir) else { return error_page(lang, 500, t.error_internal) };
    let opts = php::Options::default();
    let (mut done, mut failed) = (0usize, 0usize);
    for (install, users) in &by_install {
        let r = php::run(&opts, &ctx.home, install, &key, Op::Set(users));
        let now = OffsetDateTime::now_utc();
        let saved = record::update(&ctx.state_dir, inc.released_at, |rec| {
            let login_of = |id: u64, reply: Option<&Reply>| {
                reply.and_then(|r| r.users.iter().find(|u| u.id == id)).map(|u| u.login.clone()).unwrap_or_default()
            };
            match &r {
                Ok(reply) => {
                    record::observe(rec, install, now, Ok((&reply.users, reply.wp_version.as_deref())));
                    let obs = rec.installs.get_mut(install).expect("observed just now");
                    for s in reply.set.iter().flatten() {
                        obs.changes.insert(
                            s.id.to_string(),
                            record::Change {
                                login: login_of(s.id, Some(reply)),
                                at: now,
                                ok: s.ok,
                                old_hash: s.old_hash.clone().unwrap_or_default(),
                                message: s.error.clone(),
                            },
                        );
                    }
                }
                Err(e) => {
                    // The reply was lost or WordPress failed: whether a password changed is
                    // unknown, so every user of this install counts as not done.
                    record::observe(rec, install, now, Err(e.to_string()));
                    let obs = rec.installs.get_mut(install).expect("observed just now");
                    for (id, _) in users {
                        obs.changes.insert(
                            id.to_string(),
                            record::Change {
                                login: login_of(*id, None),
                                at: now,
                                ok: false,
                                old_hash: String::new(),
                                message: Some(format!("unknown: {e}")),
                            },
                        );
                    }
                }
            }
        });
        let set = r.as_ref().ok().and_then(|r| r.set.as_ref());
        let ok_here = set.map(|s| s.iter().filter(|s| s.ok).count()).unwrap_or(0);
        done += ok_here;
        failed += users.len() - ok_here;
        if let Err(e) = &r {
            crate::log::event(
                "wp_set_failed",
                &[("user", req.user.as_str()), ("install", install), ("error", &e.to_string())],
            );
        }
        if saved.is_err() {
            crate::log::event("wp_record_failed", &[("user", req.user.as_str()), ("install", install)]);
        }
    }
    // The sheet is used: posting it again is refused instead of looking like a new set.
    let _ = record::remove_plan(&ctx.state_dir);
    audit(
        Event::WpUsersChanged,
        if failed == 0 { "ok" } else { "failed" },
        &[("done", &done.to_string()), ("failed", &failed.to_string()), ("method", "php")],
    );
    Response::see_other(&format!("{}?view=wpusers&done=1#result", req.self_url()))
}
