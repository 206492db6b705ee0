//! The checklist and the reopen form, shown while the case awaits the customer.

use super::actions::Action;
use maud::{Markup, html};

use super::{Ctx, csrf_field};
use crate::cgi::Request;
use crate::checklist::walk_cache::{Checked, Origin};
use crate::checklist::{Evaluation, Item, ItemId, ItemResult, Kind, Reason, Severity, State};
use crate::i18n::{Lang, Texts};

/// What the page says about the last action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Notice {
    Saved,
    Reopened,
    /// The server refused the reopen, with root's code when it gave one, and the site configs
    /// root found unable to log in to their database.
    Refused {
        code: Option<crate::privileged::RefusalCode>,
        db_login_fails: Vec<(String, String)>,
    },
}

pub fn render(
    lang: Lang,
    req: &Request,
    ctx: &Ctx,
    eval: &Evaluation,
    release: i64,
    notice: Option<&Notice>,
    checked: Option<Checked>,
) -> Markup {
    let t = lang.texts();
    let (done, total) = (eval.required_done(), eval.required_total());
    html! {
        @if let Some(n) = notice { (notice_box(lang, eval, n)) }
        section.card aria-labelledby="list-h" {
            h2 #list-h { (t.checklist_title) }
            p role="status" { strong { ((t.progress)(done, total)) } }
            progress max=(total) value=(done) aria-hidden="true" {}
            ol.checklist {
                @for item in &eval.items { (item_view(lang, req, ctx, item)) }
            }
            @if let Some(c) = checked { (files_checked(t, req, ctx, c)) }
        }
        (reopen_form(lang, req, ctx, eval, release))
    }
}

/// When the website's files were checked (the page shows that saved check), and the button
/// that checks them again.
fn files_checked(t: &Texts, req: &Request, ctx: &Ctx, c: Checked) -> Markup {
    html! {
        div.files-checked {
            @if c.origin == Origin::Damaged { p.muted role="status" { (t.files_check_damaged) } }
            p role="status" { ((t.files_checked)(&super::home::human_time(c.at))) }
            form method="post" action=(req.self_url()) {
                (csrf_field(ctx, req))
                input type="hidden" name="action" value="check_files";
                button.secondary type="submit" { (t.files_check_again) }
            }
        }
    }
}

fn notice_box(lang: Lang, eval: &Evaluation, n: &Notice) -> Markup {
    let t = lang.texts();
    match n {
        Notice::Saved => html! { p.card.alert.good role="status" { (t.notice_saved) } },
        Notice::Reopened => html! { p.card.alert.good role="status" { (t.reopened_notice) } },
        Notice::Refused { code, db_login_fails } => {
            let blocking = eval.blocking();
            html! {
                section.card.alert.bad role="alert" {
                    @if !blocking.is_empty() {
                        p { strong { (t.reopen_refused) } }
                        ul.plain { @for i in &blocking { li { (title_of(lang, i)) } } }
                    }
                    @if !db_login_fails.is_empty() {
                        p { ((t.reason)(&Reason::DbLoginFails(db_login_fails.clone()))) }
                    }
                    p { ((t.refusal)(*code)) }
                }
            }
        }
    }
}

pub fn title_of(lang: Lang, item: &ItemResult) -> &str {
    match &item.item {
        Item::Builtin(id) => lang.texts().items.get(*id).title,
        Item::Extra(x) => extra_text(lang, &x.title),
    }
}

fn extra_text(lang: Lang, l: &crate::checklist::policy::Localized) -> &str {
    match lang {
        Lang::En => &l.en,
        Lang::Nb => &l.nb,
    }
}

fn item_view(lang: Lang, req: &Request, ctx: &Ctx, item: &ItemResult) -> Markup {
    let t = lang.texts();
    let (title, why, how) = match &item.item {
        Item::Builtin(id) => {
            let it = t.items.get(*id);
            (it.title, it.why, it.how)
        }
        Item::Extra(x) => (extra_text(lang, &x.title), extra_text(lang, &x.why), ""),
    };
    let (mark, state_text, class) = match &item.state {
        State::Done => ("✓", t.state_done, "done"),
        State::NotApplicable => ("–", t.state_not_needed, "done"),
        State::NotDone(_) => ("✗", t.state_not_done, "todo"),
    };
    let head_id = format!("item-{}", item.item.name());
    html! {
        li class={ "item " (class) } aria-labelledby=(head_id) {
            h3 #(head_id) {
                span.mark aria-hidden="true" { (mark) } " " (title)
            }
            p.meta {
                span.badge { @if item.severity == Severity::Required { (t.required) } @else { (t.recommended) } }
                " · " strong { (state_text) }
            }
            @if !item.state.passes() {
                p { span.muted { (t.why_label) ": " } (why) }
                @if !how.is_empty() { p { (how) } }
                @if let State::NotDone(r) = &item.state {
                    @if *r != Reason::NotAttested { p.reason { ((t.reason)(r)) } }
                }
                (controls(t, req, ctx, item))
            }
        }
    }
}

fn controls(t: &Texts, req: &Request, ctx: &Ctx, item: &ItemResult) -> Markup {
    let action = req.self_url();
    match (&item.kind, &item.state) {
        (Kind::Attested, _) => html! {
            form method="post" action=(action) {
                (csrf_field(ctx, req))
                input type="hidden" name="action" value=(Action::Attest.as_str());
                input type="hidden" name="item" value=(item.item.name());
                button type="submit" { (t.confirm_button) }
            }
        },
        (_, State::NotDone(Reason::OldTokens(names))) if item.item == Item::Builtin(ItemId::TokensKeysReviewed) => {
            html! {
                @for name in names { (review_row(t, req, ctx, Review::Token, name)) }
            }
        }
        (_, State::NotDone(Reason::OldSshKeys(names))) if item.item == Item::Builtin(ItemId::TokensKeysReviewed) => {
            html! {
                @for name in names { (review_row(t, req, ctx, Review::SshKey, name)) }
            }
        }
        (_, State::NotDone(Reason::WpFileEditAllowed(_) | Reason::WpSaltsOld(_))) => html! {
            form method="post" action=(req.self_url()) {
                (csrf_field(ctx, req))
                input type="hidden" name="action" value=(Action::HardenWordpress.as_str());
                button type="submit" { (t.harden_button) }
            }
        },
        (_, State::NotDone(Reason::WpUsersLeft { .. })) => html! {
            p { a.button href={ (req.self_url()) "?view=wpusers" } { (t.open_step) } }
        },
        (_, _) if item.item == Item::Builtin(ItemId::CredentialsRotated) => html! {
            p { a.button href={ (req.self_url()) "?view=passwords" } { (t.open_step) } }
        },
        (_, _) if item.item == Item::Builtin(ItemId::FolderRestored) => html! {
            p { a.button href={ (req.self_url()) "?view=restore" } { (t.open_step) } }
        },
        (_, _) if item.item == Item::Builtin(ItemId::PersistenceReviewed) => html! {
            p { a.button href={ (req.self_url()) "?view=sweep" } { (t.open_step) } }
        },
        _ => html! {},
    }
}

/// One token or key: remove it, or keep it with a reason.
/// What a review row is about: an API token or an SSH key.
#[derive(Clone, Copy)]
enum Review {
    Token,
    SshKey,
}

fn review_row(t: &Texts, req: &Request, ctx: &Ctx, what: Review, name: &str) -> Markup {
    let (slug, remove, keep, remove_label) = match what {
        Review::Token => ("token", Action::RemoveToken, Action::KeepToken, t.revoke_button),
        Review::SshKey => ("ssh_key", Action::RemoveSshKey, Action::KeepSshKey, t.remove_key_button),
    };
    let field_id = format!("reason-{slug}-{name}");
    html! {
        div.review {
            p { code { (name) } }
            form.inline method="post" action=(req.self_url()) {
                (csrf_field(ctx, req))
                input type="hidden" name="action" value=(remove.as_str());
                input type="hidden" name="name" value=(name);
                button type="submit" { (remove_label) }
            }
            form.inline method="post" action=(req.self_url()) {
                (csrf_field(ctx, req))
                input type="hidden" name="action" value=(keep.as_str());
                input type="hidden" name="name" value=(name);
                label for=(field_id) { (t.keep_reason_label) }
                " "
                input #(field_id) type="text" name="reason" required minlength="3" maxlength="200";
                " "
                button.secondary type="submit" { (t.keep_button) }
            }
        }
    }
}

fn reopen_form(lang: Lang, req: &Request, ctx: &Ctx, eval: &Evaluation, release: i64) -> Markup {
    let t = lang.texts();
    let blocking = eval.blocking();
    html! {
        section.card aria-labelledby="reopen-h" {
            h2 #reopen-h { (t.reopen_title) }
            @if blocking.is_empty() {
                p { (t.reopen_ready) }
            } @else {
                p { (t.reopen_missing) }
                ul.plain { @for i in &blocking { li { a href={ "#item-" (i.item.name()) } { (title_of(lang, i)) } } } }
            }
            form method="post" action=(req.self_url()) {
                (csrf_field(ctx, req))
                input type="hidden" name="action" value=(Action::Reopen.as_str());
                input type="hidden" name="release" value=(release);
                button type="submit" { (t.reopen_button) }
            }
        }
    }
}
