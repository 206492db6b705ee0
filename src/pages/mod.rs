//! HTML pages (maud: every value is escaped). Pages know texts and markup; the facts they show
//! come from domain modules through [`Ctx`].

mod actions;
mod checklist;
mod home;
mod notice;
mod once;
mod outbox;
mod passwords;
mod restore;
mod sweep;
mod wpusers;

use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::cgi::{Method, Request, RequestError, Response, csrf};
use crate::i18n::Lang;
use crate::incident;
use crate::paths::Paths;
use crate::uapi::Transport;

pub const STYLE: &str = include_str!("style.css");

/// What a page needs besides the request.
pub struct Ctx {
    pub paths: Paths,
    /// The customer's home directory (from cpsrvd's environment).
    pub home: std::path::PathBuf,
    /// The customer's own state: `~/.secure_reopen`.
    pub state_dir: std::path::PathBuf,
    pub transport: Box<dyn Transport>,
    pub csrf: csrf::Key,
}

/// The feature name in Feature Manager (plugin/install.json's `feature`).
pub const FEATURE: &str = "secure_reopen";

/// Whether the account's package includes this tool: UAPI `Features::has_feature` answers 1,
/// 0, or `null` for a feature cPanel does not know (the plugin is not registered). Turning the
/// feature off in Feature Manager only hides the icon; the page itself must refuse.
pub fn feature_enabled(t: &dyn Transport) -> Result<bool, crate::uapi::UapiError> {
    let v = crate::uapi::call(t, &crate::uapi::Call::new("Features", "has_feature").arg("name", FEATURE))?;
    Ok(v.as_i64() == Some(1) || v.as_str() == Some("1"))
}

/// Picks the page or action for a request.
pub fn route(req: &Request, ctx: &Ctx) -> Response {
    let lang = Lang::from_accept_language(&req.accept_language);
    match feature_enabled(ctx.transport.as_ref()) {
        Ok(true) => {}
        Ok(false) => {
            crate::log::event("feature_off", &[("user", req.user.as_str())]);
            return error_page(lang, 403, lang.texts().feature_off);
        }
        // cPanel did not answer: every page then says what it could not fetch, and nothing can
        // change without cPanel, whose SecureReopen module has its own feature gate.
        Err(e) => {
            crate::log::event("feature_check_failed", &[("user", req.user.as_str()), ("error", &e.to_string())]);
        }
    }
    if req.method == Method::Post && !ctx.csrf.verify(req) {
        crate::log::event("csrf_refused", &[("user", req.user.as_str()), ("remote", &req.remote_addr)]);
        return notice::after_post(req, ctx, error_page(lang, 403, lang.texts().error_csrf));
    }
    match (req.method, req.query_value("view").unwrap_or("home")) {
        (Method::Get | Method::Head, "home") => {
            let notice = match req.query_value("notice") {
                Some("saved") => Some(checklist::Notice::Saved),
                Some("reopened") => Some(checklist::Notice::Reopened),
                _ => notice::refused_reason(req, ctx).map(|e| checklist::Notice::refused(&e)),
            };
            let refused = matches!(notice, Some(checklist::Notice::Refused { .. }));
            let mut r = home::view(req, ctx, notice);
            // The page that says the reopen was refused keeps the refusal's status.
            if refused && r.status == 200 {
                r.status = 409;
            }
            r
        }
        (Method::Get | Method::Head, view @ ("restore" | "sweep" | "passwords" | "wpusers")) => {
            match incident::load(&ctx.paths, req.user.as_str()) {
                Ok(Some(i)) if i.status == incident::Status::AwaitingCustomer => match view {
                    "restore" => restore::view(req, ctx, &i),
                    "passwords" => passwords::view(req, ctx, &i),
                    "wpusers" => wpusers::view(req, ctx, &i),
                    _ => sweep::view(req, ctx, &i),
                },
                Ok(_) => error_page(lang, 404, lang.texts().error_not_found),
                Err(_) => error_page(lang, 500, lang.texts().error_record),
            }
        }
        (Method::Get | Method::Head, "notice") => notice::view(req, ctx),
        (Method::Post, _) => notice::after_post(req, ctx, once::guard(req, ctx, || actions::handle(req, ctx))),
        _ => error_page(lang, 404, lang.texts().error_not_found),
    }
}

/// The frame every page shares: skip link, header with the way back to cPanel, main content.
pub fn layout(lang: Lang, req: Option<&Request>, title: &str, content: Markup) -> Markup {
    let t = lang.texts();
    let home = req.map(|r| format!("{}/frontend/jupiter/index.html", r.security_token.as_str()));
    html! {
        (DOCTYPE)
        html lang=(lang.code()) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="referrer" content="no-referrer";
                title { (title) " – " (t.app_name) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                a.skip href="#main" { (t.skip_to_content) }
                header.top {
                    h1 { (t.app_name) }
                    @if let Some(h) = home { a href=(h) { (t.back_to_cpanel) } }
                }
                main #main tabindex="-1" { (content) }
            }
        }
    }
}

pub fn error_page(lang: Lang, status: u16, message: &str) -> Response {
    let t = lang.texts();
    let body = layout(
        lang,
        None,
        t.error_title,
        html! {
            section.card.alert.bad #(notice::ANCHOR) role="alert" {
                h2 { (t.error_title) }
                p { (message) }
                p { (t.error_try_again) }
                (ways_out(t))
            }
        },
    );
    Response::html(status, body.into_string())
}

/// The ways on from an error page: the plugin's start and cPanel's home. The links are
/// relative to the page's own address (`/cpsessN/frontend/jupiter/secure_reopen/index.live.cgi`,
/// plugin/install.json's `uri`), so they carry the session's token without the error page
/// needing the request: `index.live.cgi` is the start, `../index.html` cPanel's home
/// (`/cpsessN/frontend/jupiter/index.html`).
fn ways_out(t: &crate::i18n::Texts) -> Markup {
    html! {
        nav.ways aria-label=(t.error_ways_label) {
            a.button href=(START_HREF) { (t.error_to_start) }
            " "
            a.button.secondary href=(CPANEL_HOME_HREF) { (t.back_to_cpanel) }
        }
    }
}

/// The plugin's start, relative to any of its pages.
pub const START_HREF: &str = "index.live.cgi";
/// cPanel's home, relative to any of the plugin's pages.
pub const CPANEL_HOME_HREF: &str = "../index.html";

/// The page for a request refused before any page code ran.
pub fn request_error(lang: Lang, e: &RequestError) -> Response {
    let t = lang.texts();
    match e {
        RequestError::BodyTooLarge { .. } => error_page(lang, 413, t.error_body_too_large),
        RequestError::MethodNotAllowed(_) => error_page(lang, 405, t.error_method),
        RequestError::UnsupportedContentType(_) => error_page(lang, 415, t.error_bad_request),
        RequestError::BadLength | RequestError::Io(_) => error_page(lang, 400, t.error_bad_request),
        RequestError::NoUser | RequestError::NoSecurityToken => error_page(lang, 403, t.error_session),
    }
}

/// A password as people read it off a screen or paper: monospace, in groups of four. Every
/// second group is a span whose margins the stylesheet draws as the space around it, so
/// selecting and copying gives the password itself, without spaces; it is never broken across
/// lines, and browsers' translators leave it alone.
pub fn password(s: &str) -> Markup {
    let chars: Vec<char> = s.chars().collect();
    html! {
        code.pw translate="no" {
            @for (n, group) in chars.chunks(4).enumerate() {
                @let g = group.iter().collect::<String>();
                @if n % 2 == 1 { span { (g) } } @else { (g) }
            }
        }
    }
}

/// A precise technical message (English: cPanel's answer or the server's own words) inside
/// the customer's page: introduced in the customer's language and quoted the customer's way
/// (`<q>` takes the page's quotation marks, «…» in Norwegian), the words marked as English.
pub fn english_detail(lang: Lang, message: &str) -> Markup {
    html! { (lang.texts().english_detail) " " q { span lang="en" { (message) } } }
}

/// The hidden CSRF field every form carries, and the form's one-time operation id
/// ([`once`]: a form sent twice does its work once).
pub fn csrf_field(ctx: &Ctx, req: &Request) -> Markup {
    html! {
        input type="hidden" name=(csrf::FIELD) value=(ctx.csrf.token(req));
        input type="hidden" name=(once::FIELD) value=(once::new_id());
    }
}

/// The customer's language: cPanel's locale when it answered, else the browser's.
pub fn lang_of(locale: Result<serde_json::Value, crate::uapi::UapiError>, req: &Request) -> Lang {
    locale
        .ok()
        .and_then(|v| v.get("locale").and_then(|l| l.as_str()).and_then(Lang::from_tag))
        .unwrap_or_else(|| Lang::from_accept_language(&req.accept_language))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_details_are_quoted_the_readers_way_and_marked_english() {
        let nb = english_detail(Lang::Nb, "Mailbox quota exceeded").into_string();
        assert_eq!(nb, "med serverens ord (på engelsk): <q><span lang=\"en\">Mailbox quota exceeded</span></q>");
        let pw = password("abcdefghijklmnopqrst").into_string();
        assert_eq!(pw, "<code class=\"pw\" translate=\"no\">abcd<span>efgh</span>ijkl<span>mnop</span>qrst</code>");
    }
}
