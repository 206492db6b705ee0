//! The start page: the incident with its checklist (or the calm page) and an overview of the
//! account. One `Batch::strict` round trip carries the overview, the probes and the audit
//! entry; SSH keys need one API 2 call beside it.

use maud::{Markup, html};
use time::format_description::well_known::Rfc3339;

use super::checklist::{self as view, Notice};
use super::{Ctx, error_page, layout};
use crate::cgi::{Request, Response};
use crate::checklist::{self, Policy, probes};
use crate::i18n::{Lang, Texts, when};
use crate::incident::{self, Incident, Precision, Status};
use crate::uapi::Call;
use crate::uapi::answers::Ask;
use crate::uapi::types::{DomainList, FtpAccount, LocaleAttributes, Mailbox, decode};

/// What the page shows of the account; `None` where cPanel did not answer.
struct Overview {
    domains: Option<DomainList>,
    mailboxes: Option<usize>,
    ftp: Option<usize>,
}

pub fn view(req: &Request, ctx: &Ctx, notice: Option<Notice>) -> Response {
    let fallback = Lang::from_accept_language(&req.accept_language);
    let incident = match incident::load(&ctx.paths, req.user.as_str()) {
        Ok(i) => i,
        Err(e) => {
            crate::log::event("incident_unreadable", &[("user", req.user.as_str()), ("error", &e.to_string())]);
            return error_page(fallback, 500, fallback.texts().error_record);
        }
    };
    let open = incident.as_ref().filter(|i| i.status == Status::AwaitingCustomer);

    let locale = Call::new("Locale", "get_attributes");
    let domains = Call::new("DomainInfo", "list_domains");
    let pops = Call::new("Email", "list_pops");
    let ftp = Call::new("Ftp", "list_ftp");
    // The overview's calls and, for an open case, the probes' (which share some of them): each
    // call is sent once. A view is not an event: nothing is audited. For an open case, root lets
    // the address the customer is logged in from see their held website (`preview`).
    let ask = if open.is_some() { probes::ask().uapi([crate::privileged::preview_call()]) } else { Ask::new() };
    let answers = ask.uapi([locale.clone(), domains.clone(), pops.clone(), ftp.clone()]).send(ctx.transport.as_ref());
    let answer = |c: &Call| answers.uapi(c);

    let lang = answer(&locale)
        .and_then(|d| decode::<LocaleAttributes>(&locale, d))
        .ok()
        .and_then(|l| Lang::from_tag(&l.locale))
        .unwrap_or(fallback);
    let t = lang.texts();
    let overview = Overview {
        domains: answer(&domains).and_then(|d| decode(&domains, d)).ok(),
        mailboxes: answer(&pops).and_then(|d| decode::<Vec<Mailbox>>(&pops, d)).ok().map(|v| v.len()),
        ftp: answer(&ftp)
            .and_then(|d| decode::<Vec<FtpAccount>>(&ftp, d))
            .ok()
            .map(|v| v.iter().filter(|a| !a.is_special()).count()),
    };

    let checklist = match open {
        Some(inc) => {
            let policy = match Policy::load(&ctx.paths) {
                Ok(p) => p,
                Err(e) => {
                    crate::log::event("policy_unreadable", &[("error", &e)]);
                    return error_page(lang, 500, t.error_internal);
                }
            };
            let restore = crate::restore::run::load(&ctx.state_dir).ok().flatten();
            let snap = probes::snapshot(
                &answers,
                probes::Context {
                    user: req.user.as_str(),
                    home: &ctx.home,
                    release: inc.released_at,
                    attack: inc.attack_time.as_ref().map(|a| a.at),
                    restore,
                    rotation: crate::passwords::apply::load(&ctx.state_dir).ok().flatten(),
                    walk: checklist::walk_cache::Walk::Cached { state_dir: &ctx.state_dir, case: &inc.case_id() },
                    vulnerable: &inc.vulnerable,
                    host: Ok(super::sweep::host_findings(ctx, req.user.as_str())),
                },
            );
            let records = checklist::CustomerRecords { state_dir: &ctx.state_dir, release: inc.released_at };
            let eval = match checklist::assess(&policy, &snap, &records) {
                Ok(e) => e,
                Err(e) => {
                    crate::log::event("checklist_failed", &[("user", req.user.as_str()), ("error", &e)]);
                    return error_page(lang, 500, t.error_internal);
                }
            };
            let release = inc.released_at.map(|r| r.unix_timestamp()).unwrap_or(0);
            Some(view::render(lang, req, ctx, &eval, release, notice.as_ref(), snap.files_checked))
        }
        None => None,
    };

    let content = html! {
        @match &incident {
            Some(i) if i.status != Status::Closed => (incident_summary(lang, i)),
            _ => (calm(t)),
        }
        @if let Some(c) = checklist { (c) }
        @if let Some(Notice::Reopened) = notice { p.card.alert.good role="status" { (t.reopened_notice) } }
        @if incident.as_ref().is_some_and(|i| i.status != Status::AwaitingCustomer) {
            (quarantine_reminder(lang, ctx))
            (tips(t))
        }
        (account(t, &overview))
    };
    let title = match &incident {
        Some(i) if i.status != Status::Closed => t.incident_title,
        _ => t.no_incident_title,
    };
    Response::html(200, layout(lang, Some(req), title, content).into_string())
}

/// After the reopen: the quarantined copies that remain, and until when the host keeps them
/// (the first to go).
fn quarantine_reminder(lang: Lang, ctx: &Ctx) -> Markup {
    let copies = crate::restore::quarantine::list(&ctx.state_dir).unwrap_or_default();
    let Some(first) = copies.iter().map(|c| c.made).min() else { return html! {} };
    let days = Policy::load(&ctx.paths).map(|p| p.quarantine_days).unwrap_or(30);
    let until = when::date(lang, when::local_date(first + time::Duration::days(i64::from(days))));
    html! {
        p.card.alert #quarantine role="note" { ((lang.texts().restore.quarantine_reminder)(copies.len(), &until)) }
    }
}

fn calm(t: &Texts) -> Markup {
    html! {
        section.card.alert.good aria-labelledby="calm-h" {
            h2 #calm-h { (t.no_incident_title) }
            p { (t.no_incident_body) }
        }
        (tips(t))
    }
}

fn tips(t: &Texts) -> Markup {
    html! {
        section.card aria-labelledby="tips-h" {
            h2 #tips-h { (t.tips_title) }
            ul.plain { @for tip in t.tips { li { (tip) } } }
        }
    }
}

fn incident_summary(lang: Lang, i: &Incident) -> Markup {
    let t = lang.texts();
    let status = match i.status {
        Status::Investigating => t.status_investigating,
        Status::AwaitingCustomer => t.status_awaiting,
        Status::Reopened => t.status_reopened,
        Status::Closed => t.status_closed,
    };
    let class = if i.status == Status::Reopened { "card alert good" } else { "card alert bad" };
    html! {
        section class=(class) aria-labelledby="incident-h" {
            h2 #incident-h { (t.incident_title) }
            p { strong { (status) } }
        }
        @if i.status == Status::AwaitingCustomer {
            section.card.alert aria-labelledby="warn-h" {
                h2 #warn-h { (t.warning_title) }
                p { (t.warning_body) }
            }
        }
        section.card aria-labelledby="what-h" {
            h2 #what-h { (t.what_happened) }
            dl.facts {
                dt { (t.attack_time) }
                dd {
                    @match &i.attack_time {
                        Some(a) => {
                            @if a.precision == Precision::Approximate { (t.approximately) " " }
                            time datetime=(a.at.format(&Rfc3339).unwrap_or_default()) { (when::date_time(lang, a.at)) }
                        }
                        None => (t.attack_time_unknown),
                    }
                }
                dt { (t.vector) }
                dd { (i.vector.as_deref().unwrap_or(t.vector_unknown)) }
                @if !i.removed_files.is_empty() {
                    dt { (t.removed_files) " (" (i.removed_files.len()) ")" }
                    dd { ul.plain { @for f in &i.removed_files { li { code { (f) } } } } }
                }
                @if let Some(n) = &i.notes {
                    dt { (t.technician_notes) }
                    dd { (n) }
                }
                @if let Some(c) = &i.contact_email {
                    dt { (t.contact) }
                    dd { a href={ "mailto:" (c) } { (c) } }
                }
            }
        }
    }
}

fn account(t: &Texts, o: &Overview) -> Markup {
    let missing = o.domains.is_none() || o.mailboxes.is_none() || o.ftp.is_none();
    html! {
        section.card aria-labelledby="acct-h" {
            h2 #acct-h { (t.account_title) }
            @if missing { p.muted role="status" { (t.cpanel_unavailable) } }
            dl.facts {
                @if let Some(d) = &o.domains {
                    dt { (t.domains) }
                    dd { @for (n, name) in d.all().enumerate() { @if n > 0 { ", " } (name) } }
                }
                @if let Some(n) = o.mailboxes { dt { (t.mailboxes) } dd { (n) } }
                @if let Some(n) = o.ftp { dt { (t.ftp_accounts) } dd { (n) } }
            }
        }
    }
}
