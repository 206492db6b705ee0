//! What the WHM page shows: read-only views of root's own records (incidents, holds, audit).
//! Nothing here writes; every sentence comes from a record.

use maud::{Markup, PreEscaped, html};
use time::OffsetDateTime;

use super::{Action, Flash};
use crate::audit::{self, Entry, Source};
use crate::cgi::{Request, Response, csrf};
use crate::holds;
use crate::incident::{self, Incident, Precision, Status};
use crate::paths::Paths;
use crate::privileged::Event;
use crate::user::UserName;

/// The state of a customer's audit chain, as `audit verify` reports it.
pub enum Chain {
    Intact(u64),
    Empty,
    Broken { line: usize, why: String },
    Unreadable(String),
}

/// One line of the morning list.
pub struct Row {
    pub incident: Result<Incident, String>,
    pub user: String,
    pub holds: bool,
    pub chain: Chain,
    pub last_customer: Option<Entry>,
    pub last_check: Option<Entry>,
}

/// Every incident with what root knows of it.
pub fn overview(paths: &Paths) -> Result<Vec<Row>, String> {
    let all = incident::list_all(paths).map_err(|e| format!("Cannot read {}: {e}", paths.incidents_dir().display()))?;
    Ok(all
        .into_iter()
        .map(|r| match r {
            Ok(inc) => row(paths, inc.user.clone(), Ok(inc)),
            Err((user, e)) => row(paths, user, Err(e.to_string())),
        })
        .collect())
}

fn row(paths: &Paths, user: String, incident: Result<Incident, String>) -> Row {
    let Ok(name) = UserName::parse(&user) else {
        return Row { incident, user, holds: false, chain: Chain::Empty, last_customer: None, last_check: None };
    };
    let log = audit::log_path(paths, &name);
    let chain = match audit::verify(&log) {
        Ok(Ok(0)) => Chain::Empty,
        Ok(Ok(n)) => Chain::Intact(n),
        Ok(Err(b)) => Chain::Broken { line: b.line, why: b.why },
        Err(e) => Chain::Unreadable(e.to_string()),
    };
    let entries = audit::read(&log).unwrap_or_default();
    let last_customer = entries
        .iter()
        .rev()
        .find(|e| e.body.source == Source::Customer && e.body.event != Event::PageView.as_str())
        .cloned();
    let last_check = entries.iter().rev().find(|e| e.body.event == Event::Reopen.as_str()).cloned();
    let holds = holds::load(paths, &name).ok().flatten().is_some();
    Row { incident, user, holds, chain, last_customer, last_check }
}

fn status_word(s: Status) -> &'static str {
    match s {
        Status::Investigating => "Investigating",
        Status::AwaitingCustomer => "Waiting for the customer",
        Status::Reopened => "Reopened",
        Status::Closed => "Closed",
    }
}

/// A time for technicians: to the second, in UTC, said so.
fn when(t: OffsetDateTime) -> String {
    let utc = t.to_offset(time::UtcOffset::UTC);
    let f = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]:[second] UTC");
    utc.format(&f).unwrap_or_default()
}

fn chain_cell(c: &Chain) -> Markup {
    match c {
        Chain::Intact(n) => html! { span.ok { "intact (" (n) " entries)" } },
        Chain::Empty => html! { span { "no entries yet" } },
        Chain::Broken { line, why } => html! { strong.bad { "BROKEN at line " (line) ": " (why) } },
        Chain::Unreadable(e) => html! { strong.bad { "cannot read: " (e) } },
    }
}

fn entry_cell(e: &Option<Entry>) -> Markup {
    match e {
        None => html! { "–" },
        Some(e) => html! {
            (e.body.event) " (" (e.body.result) ")" br;
            small { (when(e.body.at)) }
        },
    }
}

fn blocking_of(e: &Entry) -> String {
    e.body
        .details
        .values()
        .filter_map(|v| v.as_array())
        .flatten()
        .filter_map(|v| v.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn list_page(req: &Request, rows: &[Row], flash: Option<&Flash>) -> Response {
    let body = html! {
        (flash_box(flash))
        section.card {
            h2 { "Incidents" }
            @if rows.is_empty() {
                p { "No incidents. Open one with " code { "secure-reopen incident open USER" } "." }
            } @else {
                div.scroll {
                    table {
                        thead { tr {
                            th scope="col" { "Account" } th scope="col" { "Status" } th scope="col" { "Released" }
                            th scope="col" { "Holds" } th scope="col" { "Last customer action" }
                            th scope="col" { "Last reopen check" } th scope="col" { "Audit log" }
                        } }
                        tbody {
                            @for r in rows {
                                tr {
                                    td { a href=(format!("{}?user={}", req.self_url(), r.user)) { (r.user) } }
                                    @match &r.incident {
                                        Ok(i) => {
                                            td { (status_word(i.status)) }
                                            td { (i.released_at.map(when).unwrap_or_else(|| "–".into())) }
                                        }
                                        Err(e) => { td colspan="2" { strong.bad { "record damaged: " (e) } } }
                                    }
                                    td { @if r.holds { "in place" } @else { "none" } }
                                    td { (entry_cell(&r.last_customer)) }
                                    td {
                                        (entry_cell(&r.last_check))
                                        @if let Some(e) = &r.last_check {
                                            @let b = blocking_of(e);
                                            @if !b.is_empty() { br; small { "blocking: " (b) } }
                                        }
                                    }
                                    td { (chain_cell(&r.chain)) }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    Response::html(200, frame("Incidents", req, body).into_string())
}

pub fn detail_page(req: &Request, paths: &Paths, key: &csrf::Key, user: &UserName, flash: Option<&Flash>) -> Response {
    let inc = match incident::load(paths, user.as_str()) {
        Ok(Some(i)) => i,
        Ok(None) => return error(404, "There is no incident for that account. Go back to the list."),
        Err(e) => return error(500, &format!("{e}. Fix or move the record, then reload.")),
    };
    let r = row(paths, user.as_str().to_owned(), Ok(inc.clone()));
    let log = audit::read(&audit::log_path(paths, user)).unwrap_or_default();
    let token = key.token(req);
    let body = html! {
        p { a href=(req.self_url()) { "← All incidents" } }
        (flash_box(flash))
        section.card {
            h2 { "Account " (user.as_str()) }
            dl {
                dt { "Status" } dd { (status_word(inc.status)) }
                dt { "Opened" } dd { (when(inc.opened_at)) }
                dt { "Released" } dd { (inc.released_at.map(when).unwrap_or_else(|| "–".into())) }
                dt { "Attack time" } dd {
                    @match &inc.attack_time { Some(a) => { (when(a.at)) " (" (format!("{:?}", a.precision).to_lowercase()) ")" }, None => { "unknown" } }
                }
                dt { "Vector" } dd { (inc.vector.as_deref().unwrap_or("–")) }
                dt { "Files the scanner removed" } dd { (inc.removed_files.len()) }
                dt { "Holds" } dd { @if r.holds { "in place" } @else { "none" } }
                dt { "Audit log" } dd { (chain_cell(&r.chain)) }
            }
        }
        section.card {
            h2 { "Actions" }
            p { "Each button runs the same command as the admin CLI, with its audit entry." }
            @for &a in available(inc.status).iter().filter(|a| **a != Action::Edit) {
                form method="post" action=(req.self_url()) {
                    input type="hidden" name=(csrf::FIELD) value=(token);
                    input type="hidden" name="user" value=(user.as_str());
                    input type="hidden" name="action" value=(a.name());
                    @if a == Action::ForceReopen {
                        label { input type="checkbox" name="confirm" value="yes"; " I reopen without the customer's checklist (audited)" }
                    }
                    button type="submit" { (action_label(a)) }
                }
            }
        }
        @if available(inc.status).contains(&Action::Edit) {
            section.card {
                h2 { (action_label(Action::Edit)) }
                p { "What the customer's page says about the attack, and what the reopen checks use (the backup must predate the attack time). An empty attack time means unknown." }
                form method="post" action=(req.self_url()) {
                    input type="hidden" name=(csrf::FIELD) value=(token);
                    input type="hidden" name="user" value=(user.as_str());
                    input type="hidden" name="action" value=(Action::Edit.name());
                    @let at = inc.attack_time.as_ref();
                    label { "Attack time (RFC 3339, e.g. 2026-11-18T03:12:00Z) "
                        input type="text" name="attack_time" value=(at.map(|a| rfc3339(a.at)).unwrap_or_default()); }
                    label { input type="checkbox" name="exact" value="yes" checked[at.is_some_and(|a| a.precision == Precision::Exact)]; " The attack time is exact" }
                    label { "How the attacker got in " input type="text" name="vector" value=(inc.vector.as_deref().unwrap_or("")); }
                    label { "Notes for the customer " textarea name="notes" rows="3" { (inc.notes.as_deref().unwrap_or("")) } }
                    label { "Contact address shown to the customer " input type="email" name="contact" value=(inc.contact_email.as_deref().unwrap_or("")); }
                    label { "Affected folder (below the home directory) " input type="text" name="affected_dir" value=(inc.affected_dir.as_deref().unwrap_or("")); }
                    button type="submit" { "Save the corrections" }
                }
            }
        }
        section.card {
            h2 { "Audit log (newest first)" }
            div.scroll {
                table {
                    thead { tr { th scope="col" { "#" } th scope="col" { "Time" } th scope="col" { "By" } th scope="col" { "Event" } th scope="col" { "Result" } } }
                    tbody {
                        @for e in log.iter().rev().take(200) {
                            tr {
                                td { (e.body.seq) } td { (when(e.body.at)) }
                                td { (format!("{:?}", e.body.source).to_lowercase()) }
                                td { (e.body.event) } td { (e.body.result) }
                            }
                        }
                    }
                }
            }
        }
    };
    Response::html(200, frame(user.as_str(), req, body).into_string())
}

/// The actions that make sense in a status (the CLI refuses the others anyway).
fn available(s: Status) -> &'static [Action] {
    match s {
        Status::Investigating => &[Action::Release, Action::Close, Action::Edit],
        Status::AwaitingCustomer => &[Action::ForceReopen, Action::Investigate, Action::Close, Action::Edit],
        Status::Reopened => &[Action::Investigate, Action::Close],
        Status::Closed => &[Action::Investigate],
    }
}

fn action_label(a: Action) -> &'static str {
    match a {
        Action::Release => "Release to the customer",
        Action::ForceReopen => "Reopen now (skip the checklist)",
        Action::Investigate => "Suspend and investigate again",
        Action::Close => "Close the incident",
        Action::Edit => "Correct the case details",
    }
}

fn flash_box(flash: Option<&Flash>) -> Markup {
    html! {
        @if let Some(f) = flash {
            section.card.alert.(if f.ok { "good" } else { "bad" }) role="status" {
                h2 { (action_label(f.action)) " – " (f.user) ": " @if f.ok { "done" } @else { "failed" } }
                @if !f.output.is_empty() { pre { (f.output) } }
            }
        }
    }
}

pub fn error(status: u16, message: &str) -> Response {
    let body = html! {
        section.card.alert.bad role="alert" { h2 { "Cannot do that" } p { (message) } }
    };
    Response::html(status, frame_plain("Error", body).into_string())
}

fn frame(title: &str, req: &Request, body: Markup) -> Markup {
    let whm_home = format!("{}/scripts/command?PFILE=main", req.security_token.as_str());
    frame_with(title, Some(&whm_home), body)
}

fn frame_plain(title: &str, body: Markup) -> Markup {
    frame_with(title, None, body)
}

fn frame_with(title: &str, home: Option<&str>, body: Markup) -> Markup {
    html! {
        (maud::DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                title { (title) " – Secure & Reopen (WHM)" }
                style { (PreEscaped(crate::pages::STYLE)) }
            }
            body {
                header.top {
                    h1 { "Secure & Reopen – incidents" }
                    @if let Some(h) = home { a href=(h) { "Back to WHM" } }
                }
                main #main tabindex="-1" { (body) }
            }
        }
    }
}

/// A time as the CLI's `--attack-time` takes it.
fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&time::format_description::well_known::Rfc3339).unwrap_or_default()
}
