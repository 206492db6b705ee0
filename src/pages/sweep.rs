//! The persistence review: what the sweep found, each with one action or "keep, because…".

use super::actions::Action;
use maud::html;

use super::{Ctx, csrf_field, error_page, lang_of, layout};
use crate::cgi::{Request, Response};
use crate::checklist::probes;
use crate::incident::Incident;
use crate::privileged::Event;
use crate::progress;
use crate::sweep::{Finding, Subject};
use crate::uapi::Call;

/// Runs the sweep as the checklist does (one batch, the API 2 calls, the file walk).
pub fn findings(req: &Request, ctx: &Ctx, inc: &Incident) -> (crate::i18n::Lang, Result<Vec<Finding>, String>) {
    let locale = Call::new("Locale", "get_attributes");
    let answers = probes::ask().uapi([locale.clone()]).send(ctx.transport.as_ref());
    let lang = lang_of(answers.uapi(&locale), req);
    let ctx2 = probes::Context {
        user: req.user.as_str(),
        home: &ctx.home,
        release: inc.released_at,
        attack: inc.attack_time.as_ref().map(|a| a.at),
        restore: None,
        rotation: None,
        walk: crate::checklist::walk_cache::Walk::Cached { state_dir: &ctx.state_dir, case: &inc.case_id() },
    };
    (lang, probes::snapshot(&answers, ctx2).sweep)
}

pub fn view(req: &Request, ctx: &Ctx, inc: &Incident) -> Response {
    let (lang, found) = findings(req, ctx, inc);
    let t = lang.texts();
    let st = &t.sweep;
    let kept = progress::load(&ctx.state_dir, inc.released_at).unwrap_or_default().kept_findings;
    let content = html! {
        p { a href=(req.self_url()) { (t.back_to_checklist) } }
        section.card aria-labelledby="sweep-h" {
            h2 #sweep-h { (st.title) }
            p { (st.intro) }
            @match &found {
                Err(_) => p.card.alert.bad role="alert" { (st.could_not_check) },
                Ok(list) if list.iter().all(|f| kept.contains_key(&f.id)) => p.card.alert.good role="status" { (st.nothing_found) },
                Ok(_) => {},
            }
            @if let Ok(list) = &found {
                ol.checklist {
                    @for f in list {
                        @let (kind, place, remove) = describe(st, f);
                        li.item aria-labelledby={ "f-" (f.id) } {
                            h3 #{ "f-" (f.id) } { (kind) ": " code { (place) } }
                            ul.plain { @for r in &f.reasons { li { ((st.reason)(r)) } } }
                            @if !f.evidence.is_empty() { p { code { (f.evidence) } } }
                            @if let Some(k) = kept.get(&f.id) {
                                p { strong { (st.kept) } ": " (k.reason) }
                            } @else {
                                form.inline method="post" action=(req.self_url()) {
                                    (csrf_field(ctx, req))
                                    input type="hidden" name="action" value=(Action::RemoveFinding.as_str());
                                    input type="hidden" name="id" value=(f.id);
                                    button type="submit" { (remove) }
                                }
                                form.inline method="post" action=(req.self_url()) {
                                    (csrf_field(ctx, req))
                                    input type="hidden" name="action" value=(Action::KeepFinding.as_str());
                                    input type="hidden" name="id" value=(f.id);
                                    label for={ "k-" (f.id) } { (t.keep_reason_label) }
                                    " "
                                    input #{ "k-" (f.id) } type="text" name="reason" required minlength="3" maxlength="200";
                                    " "
                                    button.secondary type="submit" { (t.keep_button) }
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    Response::html(200, layout(lang, Some(req), st.title, content).into_string())
}

fn describe<'a>(st: &'a crate::i18n::SweepTexts, f: &'a Finding) -> (&'a str, String, &'a str) {
    match &f.subject {
        Subject::File { path } => (st.file, path.clone(), st.remove_file),
        Subject::Cron { command, .. } => (st.cron, command.clone(), st.remove_cron),
        Subject::Forwarder { address, to } => (st.forwarder, format!("{address} → {to}"), st.remove_forwarder),
        Subject::Filter { account, name } => (st.filter, format!("{account}: {name}"), st.remove_filter),
    }
}

/// Removes one finding: files to the quarantine, the rest through cPanel.
pub fn remove(req: &Request, ctx: &Ctx, inc: &Incident, audit: impl Fn(Event, &str, &[(&str, &str)])) -> Response {
    let (lang, found) = findings(req, ctx, inc);
    let t = lang.texts();
    let id = req.form_value("id").unwrap_or("");
    let Ok(list) = found else { return error_page(lang, 502, t.error_cpanel_action) };
    let Some(f) = list.into_iter().find(|f| f.id == id) else { return error_page(lang, 409, t.sweep.gone) };
    // Err((outcome unknown, what went wrong)): a lost answer may have removed it.
    let result = crate::sweep::remove::remove(ctx.transport.as_ref(), &ctx.home, &ctx.state_dir, &f.subject);
    match result {
        Ok(()) => {
            audit(Event::FindingRemoved, "ok", &[("finding", &f.id), ("what", &f.evidence)]);
            if matches!(f.subject, Subject::File { .. }) {
                super::actions::files_changed(req, ctx, inc);
            }
            Response::see_other(&format!("{}?view=sweep", req.self_url()))
        }
        Err((unsure, e)) => {
            crate::log::event("finding_remove_failed", &[("user", req.user.as_str()), ("error", &e)]);
            let outcome = if unsure { "unknown" } else { "not_removed" };
            audit(Event::FindingRemoved, "failed", &[("finding", &f.id), ("outcome", outcome)]);
            error_page(lang, 502, if unsure { t.error_cpanel_unsure } else { t.error_cpanel_action })
        }
    }
}
