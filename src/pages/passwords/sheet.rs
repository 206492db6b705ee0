//! The password sheet's markup: the form that carries a plan, its print view, and the progress of
//! what was applied. The handlers in `super` decide what to show; this only draws it.

use maud::{Markup, html};

use super::view_url;
use crate::cgi::{Request, Response};
use crate::i18n::Lang;
use crate::pages::actions::Action;
use crate::pages::{Ctx, csrf_field, layout};
use crate::passwords;
use crate::passwords::apply::{self, Status};
use crate::passwords::plan::{Item, Kind, Seed, Stored};

pub(super) fn new_plan_form(lang: Lang, req: &Request, ctx: &Ctx, replace: bool) -> Markup {
    let pt = &lang.texts().passwords;
    html! {
        form method="post" action=(req.self_url()) {
            (csrf_field(ctx, req))
            input type="hidden" name="action" value=(Action::PlanNew.as_str());
            @if replace {
                input type="hidden" name="replace" value="yes";
                button.secondary type="submit" { (pt.new_sheet_button) }
            } @else {
                button type="submit" { (pt.new_plan_button) }
            }
        }
    }
}

/// The sheet: one form, the plan carried once.
pub(super) fn sheet_form(lang: Lang, req: &Request, ctx: &Ctx, stored: &Stored, items: &[Item]) -> Markup {
    let t = lang.texts();
    let pt = &t.passwords;
    let mut carried = String::with_capacity(items.len() * (passwords::LENGTH + 1));
    for (n, it) in items.iter().enumerate() {
        if n > 0 {
            carried.push('\n');
        }
        carried.push_str(it.password.expose());
    }
    let has_cpanel = items.iter().any(|i| i.id.kind == Kind::Cpanel);
    let form = html! {
        form #plan method="post" action=(req.self_url()) {
            (csrf_field(ctx, req))
            input type="hidden" name="plan" value=(stored.plan_id);
            input type="hidden" name="pw" value=(carried);
            table.plan {
                thead { tr { th scope="col" { (pt.col_login) } th scope="col" { (pt.col_password) } th scope="col" { (pt.col_own) } } }
                @for (kind, group) in groups(items) {
                    tbody {
                        tr { th colspan="3" scope="rowgroup" { ((pt.kind)(kind)) } }
                        @for (n, it) in group {
                            tr { td #{ "l" (n) } { (it.id.login) } td { (super::super::password(it.password.expose())) } td { input name={ "o" (n) } type="password" autocomplete="new-password" aria-labelledby={ "l" (n) }; } }
                        }
                    }
                }
            }
            p {
                button.secondary type="submit" name="action" value=(Action::PlanOwn.as_str()) formnovalidate { (pt.own_all_button) }
                " " button.secondary type="submit" name="action" value=(Action::PlanDownloadTxt.as_str()) formnovalidate { (pt.download_text) }
                " " button.secondary type="submit" name="action" value=(Action::PlanDownloadCsv.as_str()) formnovalidate { (pt.download_csv) }
                " " button.secondary type="submit" name="action" value=(Action::PlanPrint.as_str()) formnovalidate { (pt.print) }
            }
            h3 #apply-h { (pt.apply_button) }
            @if has_cpanel { p.card.alert role="note" { strong { (pt.confirm_logout) } } }
            p { input #saved type="checkbox" name="saved" value="yes" required; " " label for="saved" { (pt.saved_label) } }
            @if has_cpanel {
                p { label for="current" { (pt.current_cpanel_label) } br; input #current type="password" name="current" autocomplete="current-password"; br; small { (pt.current_cpanel_help) } }
            }
            button type="submit" name="action" value=(Action::PlanApply.as_str()) { (pt.apply_button) }
        }
    };
    html! {
        section #sheet aria-labelledby="plan-h" {
            h2 #plan-h { (pt.plan_title) }
            p.card.alert role="note" { (pt.plan_intro) }
            @if has_cpanel { p.card.alert role="note" { (pt.cpanel_last_notice) } }
            @if let Some(r) = &stored.replaced { p { ((pt.replaced_notice)(&crate::i18n::when::date_time(lang, r.created_at))) } }
            (form)
        }
    }
}

/// Items grouped by kind in plan order (the kind is said once per group, not per row).
pub(super) fn groups(items: &[Item]) -> Vec<(Kind, Vec<(usize, &Item)>)> {
    let mut out: Vec<(Kind, Vec<(usize, &Item)>)> = Vec::new();
    for (n, it) in items.iter().enumerate() {
        match out.last_mut() {
            Some((k, g)) if *k == it.id.kind => g.push((n, it)),
            _ => out.push((it.id.kind, vec![(n, it)])),
        }
    }
    out
}

pub(super) fn print_view(lang: Lang, req: &Request, items: &[Item]) -> Response {
    let pt = &lang.texts().passwords;
    let content = html! {
        p { a href={ (view_url(req)) "#sheet" } { (pt.print_back) } }
        h2 { (pt.plan_title) }
        table.plan {
            @for (kind, group) in groups(items) {
                tbody {
                    tr { th colspan="2" scope="rowgroup" { ((pt.kind)(kind)) } }
                    @for (_, it) in group { tr { td { (it.id.login) } td { (super::super::password(it.password.expose())) } } }
                }
            }
        }
        p { a href={ (view_url(req)) "#sheet" } { (pt.print_back) } }
    };
    Response::html(200, layout(lang, Some(req), pt.plan_title, content).into_string())
}

pub(super) fn progress(
    lang: Lang,
    req: &Request,
    ctx: &Ctx,
    r: &apply::Record,
    stored: Option<&Stored>,
    seed: Option<&Seed>,
) -> Markup {
    let t = lang.texts();
    let pt = &t.passwords;
    let c = r.counts();
    let list = |st: Status| r.items.iter().filter(move |i| i.status == st);
    let seed_ok = matches!((stored, seed), (Some(s), Some(seed)) if seed.belongs_to(s) && s.plan_id == r.plan_id);
    html! {
        div.card role="status" #progress {
            h3 { (pt.results_title) }
            @if let Some(p) = &r.damaged { p.card.alert role="alert" { ((pt.damaged_record)(&p.display().to_string())) } }
            p { strong { ((pt.results)(c.done, c.failed, c.pending)) } @if c.unknown > 0 { " " strong { ((pt.results_unknown)(c.unknown)) } } }
            @if c.failed + c.pending + c.unknown == 0 && !r.is_empty() { p { (pt.all_done) } }
            @if c.unknown > 0 {
                h4 { (pt.unknown_label) }
                p { (pt.unknown_explain) }
                ul.plain { @for i in list(Status::Unknown) { li { ((pt.kind)(i.id.kind)) " " code { (i.id.login) } @if let Some(m) = &i.message { ": " (super::super::english_detail(lang, m)) } } } }
            }
            @if c.failed > 0 {
                h4 { (pt.failed_label) }
                ul.plain { @for i in list(Status::Failed) { li { ((pt.kind)(i.id.kind)) " " code { (i.id.login) } @if let Some(m) = &i.message { ": " (super::super::english_detail(lang, m)) } } } }
            }
            @if c.done > 0 {
                details {
                    summary { (pt.done_label) " (" (c.done) ")" }
                    ul.plain { @for i in list(Status::Done) { li { ((pt.kind)(i.id.kind)) " " code { (i.id.login) } } } }
                }
            }
            @if !r.configs_rewritten.is_empty() {
                p { (pt.configs_updated) ": " @for (n, c) in r.configs_rewritten.iter().enumerate() { @if n > 0 { ", " } code { (c) } } }
            }
            @if c.failed + c.pending + c.unknown > 0 && stored.is_some_and(|s| s.plan_id == r.plan_id) {
                form method="post" action=(req.self_url()) {
                    (csrf_field(ctx, req))
                    input type="hidden" name="action" value=(Action::PlanRetry.as_str());
                    @if seed_ok {
                        p { (pt.retry_from_browser) }
                    } @else {
                        p { (pt.retry_intro) }
                        p { label for="csv" { (pt.retry_label) } br; textarea #csv name="csv" rows="6" cols="40" required {} }
                    }
                    @if r.items.iter().any(|i| i.id.kind == Kind::Cpanel && i.status == Status::Failed) {
                        p { label for="cur2" { (pt.current_cpanel_label) } br; input #cur2 type="password" name="current" autocomplete="current-password"; br; small { (pt.current_cpanel_help) } }
                    }
                    button type="submit" { (pt.retry_button) }
                }
            }
        }
    }
}
