//! The checklist and the reopen form, shown while the case awaits the customer.

use super::actions::Action;
use maud::{Markup, html};

use super::{Ctx, csrf_field};
use crate::cgi::Request;
use crate::checklist::walk_cache::{Checked, Origin};
use crate::checklist::{Evaluation, Item, ItemId, ItemResult, Kind, Policy, Reason, Severity, State};
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
        /// What root found not done (its ids) and the configs that cannot log in.
        steps: crate::privileged::StepsMissing,
        /// Root's words, shown (as English) only when it gave no code.
        detail: String,
    },
}

impl Notice {
    /// The notice for a refusal root relayed through cPanel (the UAPI answer's errors).
    pub fn refused(errors: &[String]) -> Notice {
        Notice::Refused {
            code: crate::privileged::RefusalCode::of(errors),
            steps: crate::privileged::StepsMissing::of(errors).unwrap_or_default(),
            detail: errors.join(" "),
        }
    }
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
            @let (passed, open): (Vec<&ItemResult>, Vec<&ItemResult>) = eval.items.iter().partition(|i| i.state.passes());
            ol.checklist {
                @for item in &open { (item_view(lang, req, ctx, item)) }
            }
            // What is done folds away, so the steps left fit in fewer screens on a phone.
            @if !passed.is_empty() {
                details.done-items {
                    summary { ((t.done_items)(passed.len())) }
                    ol.checklist {
                        @for item in &passed { (item_view(lang, req, ctx, item)) }
                    }
                }
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
            p role="status" { ((t.files_checked)(&crate::i18n::when::date_time(t.lang, c.at))) }
            form method="post" action=(req.self_url()) {
                (csrf_field(ctx, req))
                input type="hidden" name="action" value=(Action::CheckFiles.as_str());
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
        Notice::Refused { code, steps, detail } => {
            // Root names the steps it found not done by their ids; the customer reads their
            // titles (a step root named that this page does not know: the host's own).
            let titles: Vec<&str> = if steps.not_done.is_empty() {
                eval.blocking().into_iter().map(|i| title_of(lang, i)).collect()
            } else {
                steps
                    .not_done
                    .iter()
                    .map(|id| match eval.items.iter().find(|i| i.item.name() == id.as_str()) {
                        Some(i) => title_of(lang, i),
                        None => ItemId::parse(id).map(|b| t.items.get(b).title).unwrap_or(t.step_of_host),
                    })
                    .collect()
            };
            html! {
                section.card.alert.bad role="alert" {
                    @if titles.is_empty() {
                        p { strong { (t.reopen_not_done) } }
                    } @else {
                        p { strong { (t.reopen_refused) } }
                        ul.plain { @for title in &titles { li { (title) } } }
                    }
                    @if !steps.db_login_fails.is_empty() {
                        p { ((t.reason)(&Reason::DbLoginFails(steps.db_login_fails.clone()))) }
                    }
                    p { ((t.refusal)(*code)) }
                    @if code.is_none() && !detail.is_empty() {
                        details { summary { (t.wp_users.details) } p lang="en" { (detail) } }
                    }
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
                (cpanel_link(lang, req, ctx, item))
                (controls(t, req, ctx, item))
            }
            @if item.item == Item::Builtin(ItemId::TokensKeysReviewed) { (kept_tokens_and_keys(t, req, ctx)) }
        }
    }
}

/// Where the customer does an item that happens elsewhere: cPanel's own page for two-factor
/// authentication and PHP versions (the `url`s of `base/frontend/jupiter/dynamicui.conf` in
/// cPanel 11.120: `security/2fa/index.html`, `multiphp_manager/index.html`, below
/// `/cpsessN/frontend/jupiter/`), and the host's guide (policy `guide_url`).
fn cpanel_link(lang: Lang, req: &Request, ctx: &Ctx, item: &ItemResult) -> Markup {
    let t = lang.texts();
    let jupiter = format!("{}/frontend/jupiter/", req.security_token.as_str());
    let (href, label) = match item.item {
        Item::Builtin(ItemId::TwoFactor) => (format!("{jupiter}security/2fa/index.html"), t.open_two_factor),
        Item::Builtin(ItemId::PhpSupported) => (format!("{jupiter}multiphp_manager/index.html"), t.open_multiphp),
        Item::Builtin(ItemId::AttestGuidanceRead) => match Policy::load(&ctx.paths).ok().and_then(|p| p.guide_url) {
            Some(g) => (extra_text(lang, &g).to_owned(), t.open_guide),
            None => return html! {},
        },
        _ => return html! {},
    };
    html! { p { a.button.secondary href=(href) { (label) } } }
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
        (_, State::NotDone(Reason::OldTokensAndKeys { tokens, keys }))
            if item.item == Item::Builtin(ItemId::TokensKeysReviewed) =>
        {
            html! {
                @for name in tokens { (review_row(t, req, ctx, Review::Token, name)) }
                @for name in keys { (review_row(t, req, ctx, Review::SshKey, name)) }
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

/// The tokens and keys kept on purpose, each with its reason and a way to decide again.
fn kept_tokens_and_keys(t: &Texts, req: &Request, ctx: &Ctx) -> Markup {
    let release = crate::incident::load(&ctx.paths, req.user.as_str()).ok().flatten().and_then(|i| i.released_at);
    let p = crate::progress::load(&ctx.state_dir, release).unwrap_or_default();
    let rows = p
        .kept_tokens
        .iter()
        .map(|(n, k)| ("unkeep_token", n, k))
        .chain(p.kept_ssh_keys.iter().map(|(n, k)| ("unkeep_ssh_key", n, k)));
    html! {
        @for (action, name, k) in rows {
            div.review {
                p { code.path { (name) } " · " strong { (t.sweep.kept) } ": " (k.reason) }
                form.inline method="post" action=(req.self_url()) {
                    (csrf_field(ctx, req))
                    input type="hidden" name="action" value=(action);
                    input type="hidden" name="name" value=(name);
                    button.secondary type="submit" { (t.sweep.undo_keep) }
                }
            }
        }
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
    let key = matches!(what, Review::SshKey).then(|| ssh_key_facts(&ctx.home, name)).flatten();
    html! {
        div.review {
            p { code.path { (name) } }
            @if let Some(k) = &key {
                dl.facts {
                    dt { (t.key_fingerprint) } dd { code.path { (k.fingerprint) } }
                    @if !k.comment.is_empty() { dt { (t.key_comment) } dd { (k.comment) } }
                    @if let Some(at) = k.modified { dt { (t.key_date) } dd { (crate::i18n::when::date_time(t.lang, at)) } }
                }
            }
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

/// What the customer recognises a key by: its fingerprint as `ssh-keygen -l` prints it
/// (`SHA256:` and the unpadded base64 of the SHA-256 of the key's bytes), its comment, and the
/// date of its file (`~/.ssh/NAME.pub`, read without following a link, at most 16 KiB).
struct KeyFacts {
    fingerprint: String,
    comment: String,
    modified: Option<time::OffsetDateTime>,
}

fn ssh_key_facts(home: &std::path::Path, name: &str) -> Option<KeyFacts> {
    use std::io::Read;
    if name.is_empty() || name.contains('/') || name.starts_with('.') {
        return None;
    }
    let rel = std::path::PathBuf::from(".ssh").join(format!("{}.pub", name.trim_end_matches(".pub")));
    let mut f = crate::fsutil::open_user_file(home, &rel).ok()??;
    let modified = f.metadata().ok().and_then(|m| m.modified().ok()).map(time::OffsetDateTime::from);
    let mut text = String::new();
    f.by_ref().take(16 * 1024).read_to_string(&mut text).ok()?;
    let (fingerprint, comment) = fingerprint(&text)?;
    Some(KeyFacts { fingerprint, comment, modified })
}

/// `ssh-ed25519 AAAA… comment` → (`SHA256:…`, `comment`).
fn fingerprint(line: &str) -> Option<(String, String)> {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    let line = line.lines().find(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))?;
    let mut parts = line.split_whitespace();
    let _kind = parts.next()?;
    let blob = base64::engine::general_purpose::STANDARD.decode(parts.next()?).ok()?;
    let comment: String = parts.collect::<Vec<_>>().join(" ").chars().take(200).collect();
    let fp = base64::engine::general_purpose::STANDARD_NO_PAD.encode(Sha256::digest(&blob));
    Some((format!("SHA256:{fp}"), comment))
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

#[cfg(test)]
mod tests;
