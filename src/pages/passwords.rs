//! Step 4 of the runbook: new passwords for every credential. Phase 1 shows the plan (the only
//! time the passwords exist on the server is while this response is built); every later POST
//! carries the plan back and is checked against its argon2id digest before anything happens.

use maud::{Markup, html};
use serde_json::Value;

use super::{Ctx, csrf_field, error_page, lang_of, layout};
use crate::cgi::{Request, Response};
use crate::i18n::Lang;
use crate::incident::Incident;
use crate::passwords::apply::{self, Status};
use crate::passwords::inventory::{self, Inventory};
use crate::passwords::plan::{self, CredentialId, Item, Kind, Stored};
use crate::passwords::{self, CustomRefusal, Secret};
use crate::uapi::{self, Call};

fn account(req: &Request, ctx: &Ctx) -> (Lang, Inventory, Vec<String>) {
    let mut calls = vec![Call::new("Locale", "get_attributes"), Call::new("DomainInfo", "list_domains")];
    calls.extend(inventory::calls());
    let mut r = uapi::batch(ctx.transport.as_ref(), &calls);
    let lang = lang_of(r.remove(0), req);
    let names: Vec<String> = r
        .remove(0)
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
    (lang, inventory::from_results(req.user.as_str(), r, &ctx.home), names)
}

/// GET: the start button, and the progress of an applied plan.
pub fn view(req: &Request, ctx: &Ctx, _inc: &Incident) -> Response {
    let lang = lang_of(uapi::call(ctx.transport.as_ref(), &Call::new("Locale", "get_attributes")), req);
    let t = lang.texts();
    let pt = &t.passwords;
    let record = apply::load(&ctx.state_dir).ok().flatten();
    let content = html! {
        p { a href=(req.self_url()) { (t.back_to_checklist) } }
        section.card aria-labelledby="pw-h" {
            h2 #pw-h { (pt.title) }
            p { (pt.intro) }
            @if let Some(r) = &record { (progress(lang, req, ctx, r)) }
            form method="post" action=(req.self_url()) {
                (csrf_field(ctx, req))
                input type="hidden" name="action" value="plan_new";
                button type="submit" { (pt.new_plan_button) }
            }
            p { (pt.wordpress_manual) }
            form method="post" action=(req.self_url()) {
                (csrf_field(ctx, req))
                input type="hidden" name="action" value="attest";
                input type="hidden" name="item" value=(crate::checklist::WP_ADMINS_CHANGED);
                button.secondary type="submit" { (t.confirm_button) }
            }
        }
    };
    Response::html(200, layout(lang, Some(req), pt.title, content).into_string())
}

fn progress(lang: Lang, req: &Request, ctx: &Ctx, r: &apply::Record) -> Markup {
    let t = lang.texts();
    let pt = &t.passwords;
    let (done, failed, pending) = r.counts();
    html! {
        div.card role="status" {
            h3 { (pt.results_title) }
            p { strong { ((pt.results)(done, failed, pending)) } }
            @if failed > 0 {
                h4 { (pt.failed_label) }
                ul.plain {
                    @for i in r.items.iter().filter(|i| i.status == Status::Failed) {
                        li { ((pt.kind)(i.id.kind)) " " code { (i.id.login) } ": " (i.message.as_deref().unwrap_or("")) }
                    }
                }
            }
            @if !r.configs_rewritten.is_empty() {
                p { (pt.configs_updated) ": " @for (n, c) in r.configs_rewritten.iter().enumerate() { @if n > 0 { ", " } code { (c) } } }
            }
            @if failed + pending > 0 {
                form method="post" action=(req.self_url()) {
                    (csrf_field(ctx, req))
                    input type="hidden" name="action" value="plan_retry";
                    p { (pt.retry_intro) }
                    p { label for="csv" { (pt.retry_label) } br; textarea #csv name="csv" rows="6" cols="60" required {} }
                    @if r.items.iter().any(|i| i.id.kind == Kind::Cpanel && i.status != Status::Done) {
                        p { label for="cur2" { (pt.current_cpanel_label) } br; input #cur2 type="password" name="current" autocomplete="current-password"; }
                    }
                    button type="submit" { (pt.retry_button) }
                }
            }
        }
    }
}

/// POST plan_new: make a plan, keep only its digest, show it.
pub fn new_plan(req: &Request, ctx: &Ctx) -> Response {
    let (lang, inv, domains) = account(req, ctx);
    let mut inputs: Vec<&str> = vec![req.user.as_str()];
    inputs.extend(domains.iter().map(String::as_str));
    // `only` (repeated, `kind:login`) narrows the plan, e.g. to the database user whose site
    // config no longer logs in after a restore (the reopen gate names it).
    let only: Vec<&str> = req.form_values("only").collect();
    let items: Vec<Item> = inv
        .items
        .iter()
        .filter(|id| only.is_empty() || only.contains(&format!("{}:{}", id.kind.code(), id.login).as_str()))
        .map(|id| Item { id: id.clone(), password: passwords::generate_strong(&inputs), custom: false })
        .collect();
    match store(ctx, &plan::new_plan_id(), &items) {
        Ok(stored) => show_plan(lang, req, ctx, &stored, &items, None),
        Err(e) => {
            crate::log::event("plan_failed", &[("user", req.user.as_str()), ("error", &e)]);
            error_page(lang, 500, lang.texts().error_internal)
        }
    }
}

fn store(ctx: &Ctx, plan_id: &str, items: &[Item]) -> Result<Stored, String> {
    let digest = plan::digest(plan_id, items)?;
    let stored = Stored {
        plan_id: plan_id.to_owned(),
        created_at: time::OffsetDateTime::now_utc(),
        items: items.iter().map(|i| i.id.clone()).collect(),
        digest,
    };
    plan::save_stored(&ctx.state_dir, &stored).map_err(|e| e.to_string())?;
    Ok(stored)
}

/// The plan page: every password, the downloads, "use my own", and the confirm form. Every
/// form carries the plan in hidden fields (POST bodies only, never URLs).
fn show_plan(
    lang: Lang,
    req: &Request,
    ctx: &Ctx,
    stored: &Stored,
    items: &[Item],
    problem: Option<(usize, String)>,
) -> Response {
    let t = lang.texts();
    let pt = &t.passwords;
    let hidden = html! {
        input type="hidden" name="plan" value=(stored.plan_id);
        @for (n, it) in items.iter().enumerate() {
            input type="hidden" name={ "k" (n) } value=(it.id.kind.code());
            input type="hidden" name={ "l" (n) } value=(it.id.login);
            input type="hidden" name={ "p" (n) } value=(it.password.expose());
            input type="hidden" name={ "c" (n) } value=(if it.custom { "1" } else { "0" });
        }
    };
    let content = html! {
        section.card aria-labelledby="plan-h" {
            h2 #plan-h { (pt.plan_title) }
            p.card.alert role="note" { (pt.plan_intro) }
            @if let Some((_, msg)) = &problem { p.card.alert.bad role="alert" { (msg) } }
            table.plan {
                thead { tr { th scope="col" { (pt.col_what) } th scope="col" { (pt.col_login) } th scope="col" { (pt.col_password) } } }
                tbody {
                    @for (n, it) in items.iter().enumerate() {
                        tr {
                            td { ((pt.kind)(it.id.kind)) }
                            td { code { (it.id.login) } }
                            td {
                                code.pw { (it.password.expose()) }
                                details {
                                    summary { (pt.own_label) }
                                    form method="post" action=(req.self_url()) {
                                        (csrf_field(ctx, req)) (hidden)
                                        input type="hidden" name="action" value="plan_own";
                                        input type="hidden" name="index" value=(n);
                                        label.visually-hidden for={ "own" (n) } { (pt.own_label) }
                                        input #{ "own" (n) } type="password" name="own" minlength="15" autocomplete="new-password" required;
                                        " " button.secondary type="submit" { (pt.own_button) }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @for (action, label, fmt) in [("plan_download", pt.download_text, "txt"), ("plan_download", pt.download_csv, "csv"), ("plan_print", pt.print, "")] {
                form.inline method="post" action=(req.self_url()) {
                    (csrf_field(ctx, req)) (hidden)
                    input type="hidden" name="action" value=(action);
                    input type="hidden" name="format" value=(fmt);
                    button.secondary type="submit" { (label) }
                }
            }
        }
        section.card aria-labelledby="apply-h" {
            h2 #apply-h { (pt.apply_button) }
            form method="post" action=(req.self_url()) {
                (csrf_field(ctx, req)) (hidden)
                input type="hidden" name="action" value="plan_apply";
                p { input #saved type="checkbox" name="saved" value="yes" required; " " label for="saved" { (pt.saved_label) } }
                @if items.iter().any(|i| i.id.kind == Kind::Cpanel) {
                    p { label for="current" { (pt.current_cpanel_label) } br; input #current type="password" name="current" autocomplete="current-password"; }
                }
                button type="submit" { (pt.apply_button) }
            }
        }
    };
    Response::html(200, layout(lang, Some(req), pt.plan_title, content).into_string())
}

/// The plan a POST carries, checked against the stored digest. `None` when it does not match.
fn posted_plan(req: &Request, ctx: &Ctx) -> Option<(Stored, Vec<Item>)> {
    let stored = plan::load_stored(&ctx.state_dir).ok().flatten()?;
    if req.form_value("plan") != Some(stored.plan_id.as_str()) {
        return None;
    }
    let mut items = Vec::with_capacity(stored.items.len());
    for n in 0..stored.items.len() {
        let kind = Kind::from_code(req.form_value(&format!("k{n}"))?)?;
        let login = req.form_value(&format!("l{n}"))?.to_owned();
        let password = Secret::new(req.form_value(&format!("p{n}"))?.to_owned());
        let custom = req.form_value(&format!("c{n}")) == Some("1");
        items.push(Item { id: CredentialId { kind, login }, password, custom });
    }
    if req.form_value(&format!("k{}", stored.items.len())).is_some() {
        return None;
    }
    plan::verify(&stored.plan_id, &items, &stored.digest).then_some((stored, items))
}

pub fn download(req: &Request, ctx: &Ctx, print: bool) -> Response {
    let lang = Lang::from_accept_language(&req.accept_language);
    let t = lang.texts();
    let Some((_, items)) = posted_plan(req, ctx) else { return error_page(lang, 409, t.passwords.tampered) };
    if print {
        let content = html! {
            h2 { (t.passwords.plan_title) }
            table.plan { @for it in &items { tr { td { ((t.passwords.kind)(it.id.kind)) } td { (it.id.login) } td { code { (it.password.expose()) } } } } }
        };
        return Response::html(200, layout(lang, Some(req), t.passwords.plan_title, content).into_string());
    }
    if req.form_value("format") == Some("csv") {
        return Response::download("new-passwords.csv", "text/csv; charset=utf-8", plan::to_csv(&items).into_bytes());
    }
    let mut text = format!("{}\n\n", t.passwords.plan_title);
    for it in &items {
        text.push_str(&format!(
            "{:<24} {:<40} {}\n",
            (t.passwords.kind)(it.id.kind),
            it.id.login,
            it.password.expose()
        ));
    }
    Response::download("new-passwords.txt", "text/plain; charset=utf-8", text.into_bytes())
}

/// POST plan_own: the customer's own password for one item, checked, then a new digest.
pub fn own(req: &Request, ctx: &Ctx) -> Response {
    let (lang, _, domains) = account(req, ctx);
    let t = lang.texts();
    let Some((stored, mut items)) = posted_plan(req, ctx) else { return error_page(lang, 409, t.passwords.tampered) };
    let Some(n) = req.form_value("index").and_then(|s| s.parse::<usize>().ok()).filter(|n| *n < items.len()) else {
        return error_page(lang, 400, t.error_bad_request);
    };
    let own = req.form_value("own").unwrap_or("");
    let mut inputs: Vec<&str> = vec![req.user.as_str(), items[n].id.login.as_str()];
    inputs.extend(domains.iter().map(String::as_str));
    let checked = passwords::check_custom(own, &inputs, items[n].password.expose()).map_err(|why| match why {
        CustomRefusal::TooShort { min } => (t.passwords.own_too_short)(min),
        CustomRefusal::TooGuessable { .. } => t.passwords.own_guessable.to_owned(),
        CustomRefusal::SameAsShown => t.passwords.own_same.to_owned(),
        CustomRefusal::BadCharacters => t.passwords.own_bad_chars.to_owned(),
    });
    // cPanel's own rule for this service (PasswdStrength), asked of cPanel itself.
    let checked = checked.and_then(|()| {
        let calls = [
            Call::new("PasswdStrength", "get_password_strength").arg("password", own).secret(),
            Call::new("PasswdStrength", "get_required_strength").arg("app", items[n].id.kind.strength_app()),
        ];
        let r = uapi::batch(ctx.transport.as_ref(), &calls);
        let num =
            |r: &Result<Value, _>| r.as_ref().ok().and_then(|v: &Value| v.get("strength")).and_then(Value::as_u64);
        match (num(&r[0]), num(&r[1])) {
            (Some(got), Some(need)) if got < need => Err((t.passwords.own_cpanel_rule)(need)),
            (Some(_), Some(_)) => Ok(()),
            _ => Err(t.error_cpanel_action.to_owned()),
        }
    });
    match checked {
        Ok(()) => {
            items[n].password = Secret::new(own.to_owned());
            items[n].custom = true;
            match store(ctx, &stored.plan_id, &items) {
                Ok(s) => show_plan(lang, req, ctx, &s, &items, None),
                Err(_) => error_page(lang, 500, t.error_internal),
            }
        }
        Err(msg) => {
            let mut r = show_plan(lang, req, ctx, &stored, &items, Some((n, msg)));
            r.status = 400;
            r
        }
    }
}

/// POST plan_apply (from the plan page) or plan_retry (a pasted CSV): check, then apply.
pub fn apply_plan(req: &Request, ctx: &Ctx, audit: impl Fn(&str, &str, &[(&str, &str)])) -> Response {
    let (lang, inv, _) = account(req, ctx);
    let t = lang.texts();
    let retry = req.form_value("action") == Some("plan_retry");
    let plan = if retry { pasted_plan(req, ctx) } else { posted_plan(req, ctx) };
    let Some((stored, items)) = plan else { return error_page(lang, 409, t.passwords.tampered) };
    if !retry && req.form_value("saved") != Some("yes") {
        return error_page(lang, 400, t.passwords.must_confirm);
    }
    let current = req.form_value("current").filter(|s| !s.is_empty()).map(|s| Secret::new(s.to_owned()));
    let opts = apply::Options {
        home: &ctx.home,
        state_dir: &ctx.state_dir,
        plan_id: &stored.plan_id,
        current_cpanel: current.as_ref(),
        remote: &req.remote_addr,
        configs: &inv.configs,
        batch: uapi::BATCH_CHUNK,
    };
    match apply::apply(ctx.transport.as_ref(), &items, &opts) {
        Ok(rec) => {
            let (done, failed, _) = rec.counts();
            audit(
                "passwords_changed",
                if failed == 0 { "ok" } else { "failed" },
                &[("done", &done.to_string()), ("failed", &failed.to_string())],
            );
            Response::see_other(&format!("{}?view=passwords", req.self_url()))
        }
        Err(e) => {
            crate::log::event("apply_failed", &[("user", req.user.as_str()), ("error", &e)]);
            error_page(lang, 500, t.error_internal)
        }
    }
}

/// The plan from a pasted CSV, in the stored order, checked against the digest.
fn pasted_plan(req: &Request, ctx: &Ctx) -> Option<(Stored, Vec<Item>)> {
    let stored = plan::load_stored(&ctx.state_dir).ok().flatten()?;
    let rows = plan::from_csv(req.form_value("csv")?).ok()?;
    if rows.len() != stored.items.len() {
        return None;
    }
    let items: Vec<Item> = rows.into_iter().map(|(id, password)| Item { id, password, custom: false }).collect();
    plan::verify(&stored.plan_id, &items, &stored.digest).then_some((stored, items))
}
