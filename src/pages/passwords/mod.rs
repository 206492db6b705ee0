//! Step 4 of the runbook: new passwords for every credential.
//!
//! A plan, once made, stays the plan: its passwords come from a seed that lives only in the
//! customer's browser (an HttpOnly cookie), so every GET (reload, Back, the print view) shows
//! the same sheet, and the server keeps only ids and one argon2id digest. The sheet is ONE
//! form that carries the plan once (the passwords in one hidden field), with the per-row "use
//! my own password" inputs, the downloads, the print view and the apply button inside it.
//! Every POST ends in a download or a 303 to a GET. A new sheet is made only when the customer
//! asks for one, and the page says the old one is void.

mod sheet;

use sheet::{new_plan_form, print_view, progress, sheet_form};
use std::collections::HashMap;

use maud::html;
use serde_json::Value;

use super::{Ctx, error_page, lang_of, layout};
use crate::cgi::{Request, Response};
use crate::i18n::Lang;
use crate::incident::Incident;
use crate::passwords::apply::{self, Refusal, Status};
use crate::passwords::inventory::{self, Inventory};
use crate::passwords::plan::{self, Item, Kind, Seed, Stored};
use crate::passwords::{self, CustomRefusal, Secret};
use crate::privileged::Event;
use crate::uapi::answers::Ask;
use crate::uapi::{self, Call};

/// The browser's half of a plan: its seed (hex). HttpOnly, never in a URL.
const SEED_COOKIE: &str = "secure_reopen_plan";

fn account(req: &Request, ctx: &Ctx) -> (Lang, Inventory, Vec<String>) {
    let (locale, domains) = (Call::new("Locale", "get_attributes"), Call::new("DomainInfo", "list_domains"));
    let answers = Ask::new()
        .uapi([locale.clone(), domains.clone()])
        .uapi(inventory::calls())
        .api2([inventory::webdisk_call()])
        .send(ctx.transport.as_ref());
    let lang = lang_of(answers.uapi(&locale), req);
    let names: Vec<String> = answers
        .uapi(&domains)
        .ok()
        .map(|v| {
            let mut n: Vec<String> = ["addon_domains", "sub_domains", "parked_domains"]
                .iter()
                .flat_map(|k| v.get(*k).and_then(Value::as_array).cloned().unwrap_or_default())
                .filter_map(|d| d.as_str().map(str::to_owned))
                .collect();
            if let Some(m) = v.get("main_domain").and_then(Value::as_str) {
                n.push(m.to_owned());
            }
            n
        })
        .unwrap_or_default();
    (lang, inventory::from_answers(req.user.as_str(), &answers, Some(&ctx.home)), names)
}

fn view_url(req: &Request) -> String {
    format!("{}?view=passwords", req.self_url())
}

fn seed_of(req: &Request) -> Option<Seed> {
    req.cookie(SEED_COOKIE).and_then(Seed::from_hex)
}

fn set_seed(resp: &mut Response, seed: Option<&Seed>) {
    let v = match seed {
        Some(s) => format!("{SEED_COOKIE}={}; Path=/; HttpOnly; SameSite=Strict", s.to_hex()),
        None => format!("{SEED_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"),
    };
    resp.headers.push(("Set-Cookie".to_owned(), v));
}

/// GET: the progress of what was applied, and the sheet (or the way to make one).
pub fn view(req: &Request, ctx: &Ctx, inc: &Incident) -> Response {
    let lang = lang_of(uapi::call(ctx.transport.as_ref(), &Call::new("Locale", "get_attributes")), req);
    let t = lang.texts();
    let pt = &t.passwords;
    let record = apply::load(&ctx.state_dir).ok().flatten();
    if let Some(r) = &record {
        audit_cpanel_result(ctx, r);
    }
    let stored = plan::load_stored(&ctx.state_dir).ok().flatten();
    let seed = seed_of(req);
    let sheet = match (&stored, &seed) {
        (Some(s), Some(seed)) => plan::items_from_seed(seed, s).map(|items| (s, items)),
        _ => None,
    };
    if req.query_value("print") == Some("1")
        && let Some((_, items)) = &sheet
    {
        return print_view(lang, req, items);
    }
    let applied = |s: &Stored| record.as_ref().is_some_and(|r| r.plan_id == s.plan_id);
    let left = |s: &Stored| s.items.iter().filter(|id| !record.as_ref().is_some_and(|r| r.done(id))).count();
    let problem = req.query_value("refused").map(|code| refusal_text(lang, code, stored.as_ref()));
    let content = html! {
        p { a href=(req.self_url()) { (t.back_to_checklist) } }
        section.card aria-labelledby="pw-h" {
            h2 #pw-h { (pt.title) }
            p { (pt.intro) }
            @if let Some(msg) = &problem { p.card.alert.bad role="alert" #problem { (msg) } }
            @if let Some(r) = &record { (progress(lang, req, ctx, r, stored.as_ref(), seed.as_ref())) }
            @match (&stored, &sheet) {
                (Some(s), Some((_, items))) if left(s) > 0 && !applied(s) => (sheet_form(lang, req, ctx, s, items)),
                (Some(s), None) if left(s) > 0 && !applied(s) => {
                    p.card.alert role="note" { (pt.sheet_elsewhere) }
                    (new_plan_form(lang, req, ctx, true))
                }
                (Some(s), _) if left(s) > 0 && sheet.is_none() => { (new_plan_form(lang, req, ctx, true)) }
                (Some(s), _) if left(s) > 0 => {}
                (Some(_), _) => {}
                (None, _) => { (new_plan_form(lang, req, ctx, false)) }
            }
            p { (pt.wordpress_manual) " " a href={ (req.self_url()) "?view=wpusers" } { (t.wp_users.title) } }
        }
    };
    let _ = inc;
    let mut resp = Response::html(200, layout(lang, Some(req), pt.title, content).into_string());
    // Every password of the plan is changed: the browser no longer needs the seed.
    if seed.is_some() && stored.as_ref().is_some_and(|s| left(s) == 0) {
        set_seed(&mut resp, None);
    }
    resp
}

/// POST plan_new: a new plan, only when there is none or the customer asks to replace it.
pub fn new_plan(req: &Request, ctx: &Ctx) -> Response {
    let existing = plan::load_stored(&ctx.state_dir).ok().flatten();
    let record = apply::load(&ctx.state_dir).ok().flatten();
    if let Some(s) = &existing {
        let untouched = s.items.iter().any(|id| !record.as_ref().is_some_and(|r| r.done(id)));
        // A shown plan stays the plan (a reload or a second tab must not void the sheet).
        if untouched && req.form_value("replace") != Some("yes") {
            return Response::see_other(&format!("{}#sheet", view_url(req)));
        }
    }
    let (lang, inv, domains) = account(req, ctx);
    if !inv.missing.is_empty() {
        return see_refused(req, &format!("inventory:{}", inv.missing.join(",")));
    }
    let release = crate::incident::load(&ctx.paths, req.user.as_str()).ok().flatten().and_then(|i| i.released_at);
    // Logins already changed after the release keep the password of the sheet they came from.
    let done_since_release = |id: &plan::CredentialId| {
        record.as_ref().and_then(|r| r.get(id)).is_some_and(|i| {
            i.status == Status::Done
                && release.is_none_or(|rel| i.at.is_some_and(|at| at.unix_timestamp() >= rel.unix_timestamp()))
        })
    };
    // `only` (repeated, `kind:login`) narrows the plan, e.g. to the database user whose site
    // config no longer logs in after a restore (the reopen gate names it).
    // Named logins get a new password even when they were changed already: that is the fix.
    let only: Vec<&str> = req.form_values("only").collect();
    let named = |id: &plan::CredentialId| only.contains(&format!("{}:{}", id.kind.code(), id.login).as_str());
    let ids: Vec<plan::CredentialId> = inv
        .items
        .iter()
        .filter(|id| if only.is_empty() { !done_since_release(id) } else { named(id) })
        .cloned()
        .collect();
    if ids.is_empty() {
        return Response::see_other(&view_url(req));
    }
    let mut inputs: Vec<&str> = vec![req.user.as_str()];
    inputs.extend(domains.iter().map(String::as_str));
    let seed = Seed::random();
    let plan_id = plan::new_plan_id();
    let (items, bumps) = plan::generate_from_seed(&seed, &plan_id, &ids, &inputs);
    let replaced = existing.map(|s| plan::Replaced { plan_id: s.plan_id, created_at: s.created_at });
    let stored = Stored {
        plan_id: plan_id.clone(),
        created_at: time::OffsetDateTime::now_utc(),
        items: ids,
        digest: match plan::digest(&plan_id, &items) {
            Ok(d) => d,
            Err(e) => return internal(lang, req, &e),
        },
        seed_check: seed.check(&plan_id),
        bumps,
        own: Default::default(),
        replaced,
    };
    if let Err(e) = plan::save_stored(&ctx.state_dir, &stored) {
        return internal(lang, req, &e.to_string());
    }
    // Logins named for a new password wait again under this plan (their earlier "changed" is
    // kept in the journal's history).
    if !only.is_empty() {
        let reset = crate::passwords::journal::Journal::open(&ctx.state_dir, &plan_id).and_then(|mut j| {
            for id in &stored.items {
                j.set(id, Status::Pending, None)?;
            }
            j.sync()
        });
        if let Err(e) = reset {
            return internal(lang, req, &e.to_string());
        }
    }
    let mut r = Response::see_other(&format!("{}#sheet", view_url(req)));
    set_seed(&mut r, Some(&seed));
    r
}

fn internal(lang: Lang, req: &Request, e: &str) -> Response {
    crate::log::event("plan_failed", &[("user", req.user.as_str()), ("error", e)]);
    error_page(lang, 500, lang.texts().error_internal)
}

fn see_refused(req: &Request, code: &str) -> Response {
    let code: String = code.chars().filter(|c| c.is_ascii_alphanumeric() || ":,-_ ".contains(*c)).take(200).collect();
    let q: String = form_urlencoded::byte_serialize(code.as_bytes()).collect();
    Response::see_other(&format!("{}&refused={q}#problem", view_url(req)))
}

/// The sentence for a `refused=` code (codes carry no secrets: kinds, numbers, indexes).
fn refusal_text(lang: Lang, code: &str, stored: Option<&Stored>) -> String {
    let t = lang.texts();
    let pt = &t.passwords;
    let (what, rest) = code.split_once(':').unwrap_or((code, ""));
    let num = |s: &str| s.parse::<u64>().unwrap_or(0);
    match what {
        "inventory" => {
            // Only the inventory's own names: a crafted link cannot put words on the page.
            const PARTS: [&str; 7] = ["FTP", "email", "MySQL", "PostgreSQL", "Web Disk", "sub-accounts", "domains"];
            let parts: Vec<&str> = rest.split(',').filter(|p| PARTS.contains(p)).collect();
            (pt.refused_inventory)(&parts.join(","))
        }
        "wrong_current" => pt.refused_wrong_current.to_owned(),
        "cannot_check" => pt.refused_cannot_check.to_owned(),
        "disk" => {
            let (need, free) = rest.split_once(',').unwrap_or((rest, "0"));
            (pt.refused_disk)(num(need), num(free))
        }
        "record" => pt.refused_record.to_owned(),
        "stopped" => pt.stopped.to_owned(),
        "unsaved" => pt.must_confirm.to_owned(),
        "tampered" => pt.tampered.to_owned(),
        "own" => {
            let mut parts = rest.splitn(3, ',');
            let n = parts.next().map(num).unwrap_or(0) as usize;
            let why = parts.next().unwrap_or("");
            let extra = parts.next().map(num).unwrap_or(0);
            let login = stored.and_then(|s| s.items.get(n)).map(|i| i.login.clone()).unwrap_or_default();
            let why = match why {
                "short" => (pt.own_too_short)(extra as usize),
                "guessable" => pt.own_guessable.to_owned(),
                "same" => pt.own_same.to_owned(),
                "chars" => pt.own_bad_chars.to_owned(),
                "rule" => (pt.own_cpanel_rule)(extra),
                _ => t.error_cpanel_action.to_owned(),
            };
            (pt.own_refused_row)(&login, &why)
        }
        _ => t.error_bad_request.to_owned(),
    }
}

/// The plan a POST carries (the `pw` field, in plan order), checked against the digest.
fn posted_plan(req: &Request, ctx: &Ctx) -> Option<(Stored, Vec<Item>)> {
    let stored = plan::load_stored(&ctx.state_dir).ok().flatten()?;
    if req.form_value("plan") != Some(stored.plan_id.as_str()) {
        return None;
    }
    let pws: Vec<&str> = req.form_value("pw")?.split('\n').map(|p| p.trim_end_matches('\r')).collect();
    if pws.len() != stored.items.len() {
        return None;
    }
    let items: Vec<Item> = stored
        .items
        .iter()
        .zip(pws)
        .enumerate()
        .map(|(n, (id, pw))| Item {
            id: id.clone(),
            password: Secret::new(pw.to_owned()),
            custom: stored.own.contains_key(&n),
        })
        .collect();
    plan::verify(&stored.plan_id, &items, &stored.digest).then_some((stored, items))
}

/// POST plan_download_txt / plan_download_csv: the sheet as a file (the one POST answered
/// with a file, which leaves the page where it is).
/// The sheet's file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetFormat {
    Text,
    Csv,
}

pub fn download(req: &Request, ctx: &Ctx, format: SheetFormat) -> Response {
    let lang = Lang::from_accept_language(&req.accept_language);
    let t = lang.texts();
    let Some((_, items)) = posted_plan(req, ctx) else { return see_refused(req, "tampered") };
    if format == SheetFormat::Csv {
        return Response::download("new-passwords.csv", "text/csv; charset=utf-8", plan::to_csv(&items).into_bytes());
    }
    Response::download(
        "new-passwords.txt",
        "text/plain; charset=utf-8",
        plan::to_text(t.passwords.plan_title, t.passwords.kind, &items).into_bytes(),
    )
}

/// POST plan_print: to the print view (a GET, so Back and reload are harmless).
pub fn print(req: &Request) -> Response {
    Response::see_other(&format!("{}&print=1", view_url(req)))
}

/// POST plan_own: the customer's own passwords for the rows they typed one in, each checked;
/// then the same plan with a new digest.
pub fn own(req: &Request, ctx: &Ctx) -> Response {
    let Some((mut stored, mut items)) = posted_plan(req, ctx) else { return see_refused(req, "tampered") };
    let Some(seed) = seed_of(req).filter(|s| s.belongs_to(&stored)) else { return see_refused(req, "tampered") };
    let typed: HashMap<usize, &str> = req
        .form
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .filter_map(|(k, v)| k.strip_prefix('o').and_then(|n| n.parse().ok()).map(|n: usize| (n, v.as_str())))
        .filter(|(n, _)| *n < items.len())
        .collect();
    if typed.is_empty() {
        return Response::see_other(&format!("{}#sheet", view_url(req)));
    }
    let (_, _, domains) = account(req, ctx);
    let mut order: Vec<_> = typed.into_iter().collect();
    order.sort();
    for (n, own) in &order {
        let mut inputs: Vec<&str> = vec![req.user.as_str(), items[*n].id.login.as_str()];
        inputs.extend(domains.iter().map(String::as_str));
        let refused = match passwords::check_custom(own, &inputs, items[*n].password.expose()) {
            Err(CustomRefusal::TooShort { min }) => Some(format!("short,{min}")),
            Err(CustomRefusal::TooGuessable { .. }) => Some("guessable".into()),
            Err(CustomRefusal::SameAsShown) => Some("same".into()),
            Err(CustomRefusal::BadCharacters) => Some("chars".into()),
            Ok(()) => cpanel_rule(ctx, own, items[*n].id.kind),
        };
        if let Some(code) = refused {
            return see_refused(req, &format!("own:{n},{code}"));
        }
    }
    for (n, own) in order {
        let pw = Secret::new(own.to_owned());
        stored.own.insert(n, seed.seal(&stored.plan_id, n, &pw));
        items[n].password = pw;
        items[n].custom = true;
    }
    stored.digest = match plan::digest(&stored.plan_id, &items) {
        Ok(d) => d,
        Err(_) => return see_refused(req, "record"),
    };
    if plan::save_stored(&ctx.state_dir, &stored).is_err() {
        return see_refused(req, "record");
    }
    Response::see_other(&format!("{}#sheet", view_url(req)))
}

/// cPanel's own rule for this service (PasswdStrength), asked of cPanel itself.
fn cpanel_rule(ctx: &Ctx, own: &str, kind: Kind) -> Option<String> {
    // Rating one password is API 2 only (data `[{"strength":N}]`); the rule is UAPI
    // (docs/CONTRACT.md).
    let t2 = ctx.transport.as_ref();
    let got = uapi::call_api2(t2, &Call::new("PasswdStrength", "get_password_strength").arg("password", own).secret());
    let need = uapi::call(t2, &Call::new("PasswdStrength", "get_required_strength").arg("app", kind.strength_app()));
    let num = |v: Option<&Value>| v.and_then(|v: &Value| v.get("strength")).and_then(Value::as_u64);
    let got = got.ok().and_then(|v| num(v.as_array().and_then(|a| a.first())).or_else(|| num(Some(&v))));
    match (got, num(need.as_ref().ok())) {
        (Some(got), Some(need)) if got < need => Some(format!("rule,{need}")),
        (Some(_), Some(_)) => None,
        _ => Some("cpanel".into()),
    }
}

/// POST plan_apply (from the sheet) or plan_retry (the browser's seed, or a pasted sheet):
/// check, then apply; always a 303 to the page that shows the record.
/// Where the plan to apply comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanFrom {
    /// The sheet's own form (`plan_apply`).
    Sheet,
    /// The browser's seed, or a pasted sheet (`plan_retry`).
    Retry,
}

pub fn apply_plan(req: &Request, ctx: &Ctx, from: PlanFrom, audit: impl Fn(Event, &str, &[(&str, &str)])) -> Response {
    let retry = from == PlanFrom::Retry;
    let plan = if retry { retry_plan(req, ctx) } else { posted_plan(req, ctx) };
    let Some((stored, items)) = plan else { return see_refused(req, "tampered") };
    if !retry && req.form_value("saved") != Some("yes") {
        return see_refused(req, "unsaved");
    }
    let (_, inv, _) = account(req, ctx);
    let current = req.form_value("current").filter(|s| !s.is_empty()).map(|s| Secret::new(s.to_owned()));
    let audited = std::cell::Cell::new(false);
    let summary = |r: &apply::Record| {
        let c = r.counts();
        let result = if c.failed + c.unknown == 0 { "ok" } else { "failed" };
        audit(
            Event::PasswordsChanged,
            result,
            &[("done", &c.done.to_string()), ("failed", &c.failed.to_string()), ("unknown", &c.unknown.to_string())],
        );
        audited.set(true);
    };
    let opts = apply::Options {
        home: &ctx.home,
        state_dir: &ctx.state_dir,
        plan_id: &stored.plan_id,
        current_cpanel: current.as_ref(),
        configs: &inv.configs,
        unreadable: &inv.unreadable,
        missing: &inv.missing,
        batch: uapi::BATCH_CHUNK,
        before_cpanel: &summary,
    };
    match apply::apply(ctx.transport.as_ref(), &items, &opts) {
        Ok(out) => {
            // After the cPanel password the session is gone: nothing more goes to cPanel here.
            if !out.cpanel_sent && !audited.get() {
                summary(&out.record);
            }
            if out.stopped.is_some() {
                return see_refused(req, "stopped");
            }
            Response::see_other(&format!("{}#progress", view_url(req)))
        }
        Err(Refusal::InventoryIncomplete(m)) => see_refused(req, &format!("inventory:{}", m.join(","))),
        Err(Refusal::WrongCurrentPassword) => see_refused(req, "wrong_current"),
        Err(Refusal::CannotCheckPassword(e)) => {
            crate::log::event("password_check_failed", &[("user", req.user.as_str()), ("error", &e)]);
            see_refused(req, "cannot_check")
        }
        Err(Refusal::DiskSpace { need, free }) => {
            see_refused(req, &format!("disk:{},{}", need.div_ceil(1024), free / 1024))
        }
        Err(Refusal::Record(e)) => {
            crate::log::event("apply_refused", &[("user", req.user.as_str()), ("error", &e)]);
            see_refused(req, "record")
        }
    }
}

/// The plan for a retry: from this browser's seed, else from the pasted sheet (CSV or the
/// text download), in the stored order, checked against the digest.
fn retry_plan(req: &Request, ctx: &Ctx) -> Option<(Stored, Vec<Item>)> {
    let stored = plan::load_stored(&ctx.state_dir).ok().flatten()?;
    if let Some(items) = seed_of(req).and_then(|s| plan::items_from_seed(&s, &stored)) {
        return plan::verify(&stored.plan_id, &items, &stored.digest).then_some((stored, items));
    }
    let rows = plan::from_sheet(req.form_value("csv")?).ok()?;
    if rows.len() != stored.items.len() {
        return None;
    }
    let items: Vec<Item> = stored
        .items
        .iter()
        .zip(rows)
        .enumerate()
        .map(|(n, (id, (login, password)))| {
            (login == id.login).then(|| Item { id: id.clone(), password, custom: stored.own.contains_key(&n) })
        })
        .collect::<Option<_>>()?;
    plan::verify(&stored.plan_id, &items, &stored.digest).then_some((stored, items))
}

/// After the customer logged in again: the cPanel password's outcome goes to the audit log
/// once (the request that changed it had no session left to report it).
fn audit_cpanel_result(ctx: &Ctx, r: &apply::Record) {
    let Some(item) = r.items.iter().find(|i| i.id.kind == Kind::Cpanel && i.plan_id == r.plan_id) else { return };
    let marker = format!("cpanel:{}:{:?}", r.plan_id, item.status);
    if matches!(item.status, Status::Pending | Status::Sending) || r.audited.contains(&marker) {
        return;
    }
    let result = if item.status == Status::Done { "ok" } else { "failed" };
    let details =
        crate::privileged::details(&[("item", "cpanel"), ("status", &format!("{:?}", item.status).to_lowercase())]);
    let call = crate::privileged::audit_call(Event::PasswordsChanged, result, details);
    if uapi::call(ctx.transport.as_ref(), &call).is_ok()
        && let Ok(mut j) = crate::passwords::journal::Journal::open(&ctx.state_dir, &r.plan_id)
    {
        let _ = j.audited(&marker);
    }
}

#[cfg(test)]
mod tests;
