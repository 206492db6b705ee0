//! The persistence review: what the sweep found, each with one action or "keep, because…".

use super::actions::Action;
use maud::html;

use super::{Ctx, csrf_field, error_page, lang_of, layout};
use crate::cgi::{Request, Response};
use crate::checklist::probes;
use crate::i18n::when;
use crate::incident::Incident;
use crate::privileged::Event;
use crate::progress;
use crate::sweep::{Finding, Reason, Subject};
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
        vulnerable: &inc.vulnerable,
        host: Ok(host_findings(ctx, req.user.as_str())),
    };
    (lang, probes::snapshot(&answers, ctx2).sweep)
}

/// The host's scanners' hits on files still there, as root last recorded them (root reads the
/// reports again at the reopen). An unreadable record is logged: the page lists the rest.
pub fn host_findings(ctx: &Ctx, user: &str) -> Vec<Finding> {
    match crate::sweep::host::load_record(&ctx.paths, user) {
        Ok(r) => r.map(|r| crate::sweep::host::open_findings(&ctx.home, &r.hits, &r.cleared)).unwrap_or_default(),
        Err(e) => {
            crate::log::event("host_record_unreadable", &[("user", user), ("error", &e)]);
            Vec::new()
        }
    }
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
                @let ranked = ranked(list);
                ol.checklist {
                    @for f in ranked {
                        @let (kind, place, remove) = describe(st, f);
                        @let level = level_of(f);
                        li.item aria-labelledby={ "f-" (f.id) } {
                            h3 #{ "f-" (f.id) } { span class={ "badge level " (level.class()) } { (level.text(st)) } " " (kind) ": " code.path { (place) } }
                            p.muted { (st.why_suspicious) }
                            ul.plain { @for r in &f.reasons { li { ((st.reason)(r)) } } }
                            @if !f.evidence.is_empty() { p { code.path { (f.evidence) } } }
                            @if let Some(k) = kept.get(&f.id) {
                                p { strong { (st.kept) } ": " (k.reason) }
                                form.inline method="post" action=(req.self_url()) {
                                    (csrf_field(ctx, req))
                                    input type="hidden" name="action" value=(super::actions::Action::UnkeepFinding.as_str());
                                    input type="hidden" name="id" value=(f.id);
                                    button.secondary type="submit" { (st.undo_keep) }
                                }
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
            @let removed = load_removed(&ctx.state_dir);
            @if !removed.is_empty() {
                h3 #removed-h { (st.removed_title) }
                ul.plain aria-labelledby="removed-h" {
                    @for r in &removed {
                        li { strong { (st.removed) } " · " (when::date_time(lang, r.at)) ": " (r.kind) ": " code.path { (r.place) } }
                    }
                }
            }
        }
    };
    Response::html(200, layout(lang, Some(req), st.title, content).into_string())
}

/// How dangerous a finding looks: the order of the list and its badge. The sweep's reasons
/// decide; the most dangerous reason of a finding is its level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Level {
    /// Runs on a schedule or filters mail: fine if the customer made it.
    Check,
    /// Unusual, often the attacker's: changed after the attack, hidden data, redirects.
    Suspicious,
    /// Lets someone in or runs foreign code.
    Dangerous,
    /// Downloads and runs code, or runs what visitors send: a backdoor.
    Backdoor,
}

impl Level {
    fn text(self, st: &crate::i18n::SweepTexts) -> &'static str {
        match self {
            Level::Backdoor => st.level_backdoor,
            Level::Dangerous => st.level_dangerous,
            Level::Suspicious => st.level_suspicious,
            Level::Check => st.level_check,
        }
    }

    fn class(self) -> &'static str {
        match self {
            Level::Backdoor => "lv-backdoor",
            Level::Dangerous => "lv-dangerous",
            Level::Suspicious => "lv-suspicious",
            Level::Check => "lv-check",
        }
    }
}

fn level(r: &Reason) -> Level {
    use crate::sweep::detect::Why::*;
    match r {
        Reason::CronDownloadsCode => Level::Backdoor,
        Reason::File(
            EvalOfDecoded
            | DynamicCallFromInput
            | ShellFromInput
            | CodeFromInput
            | CodeFromInternet
            | UploadDropper
            | AdminBackdoor
            | RemoteShell
            | NetworkBot
            | BulkMailer
            | PasswordCracker
            | WritesCodeWithInput
            | DownloadsProgram
            | WebShellConsole
            | CredentialCollector
            | ReadsOtherSites
            | ShowsSiteSecrets
            | RewritesFilesForever
            | ReportsItsLocation
            | DatabaseWritesFile
            | PhishingBotFilter
            | ShellObject
            | BypassesPhpLimits
            | RewritesMailPasswords
            | HidesAsSystemProcess
            | KillsRivals
            | AddsSshKey
            | LocalRootExploit
            | ChangesAccountContact
            | LoadsForeignScript
            | StartsProgram
            | InjectsHiddenCode
            | PhishingPage
            | PlantsServerConfig
            | StealsCookies
            | RestoresFromDisguise
            | PhpUnderDataName
            | HiddenMailRecipient
            | FileManagerShell
            | TrafficRedirector
            | HiddenAdministrator
            | HidesItsPlugin
            | RemoteSpamControl
            | InstallsCronJob
            | SendsRequestToHiddenAddress,
        ) => Level::Backdoor,
        Reason::File(
            PrependAppend
            | HandlerOnData
            | PregReplaceEval
            | HiddenFunctionName
            | EvalOfVariable
            | IncludeOfData
            | SsiExec
            | PhpWeakened
            | PhpLockdown
            | PhpReallowed
            | HostRule
            | MailFromInput
            | RewriteToHiddenScript
            | PhpSourceShown
            | SymlinkBrowsing
            | BackdatesFiles
            | DeletesItself
            | SearchEngineCloaking
            | SpamDoorway
            | HiddenLinks
            | KitCopier
            | HidesFromSearchEngines
            | Defacement
            | MassDefacer
            | GamblingSpam
            | KeywordDoorway
            | InjectedScript
            | NetworkFromInput
            | ErasesLogs
            | ChecksBlocklists
            | FileChangeFromInput
            | FileReadFromInput
            | LoaderInFront
            | PrintsRemoteContent,
        )
        | Reason::ForwarderExternal => Level::Dangerous,
        Reason::File(
            ConditionalRedirect
            | ChatBotKey
            | KitMailbox
            | PluginPosesAsWordPress
            | ForeignRedirect
            | WordPressAutoload
            | EncodedBlob
            | ExecutableInUploads
            | ModifiedAfterAttack
            | WorldWritable
            | TooLarge
            | ObfuscatedNames
            | CheckFailed,
        ) => Level::Suspicious,
        Reason::CronReview | Reason::FilterReview => Level::Check,
    }
}

/// Most dangerous first; the sweep's order within a level.
fn ranked(list: &[Finding]) -> Vec<&Finding> {
    let mut v: Vec<&Finding> = list.iter().collect();
    v.sort_by_key(|f| std::cmp::Reverse(level_of(f)));
    v
}

fn level_of(f: &Finding) -> Level {
    f.reasons.iter().map(level).max().unwrap_or(Level::Check)
}

/// What the customer removed on this page, so the list keeps a "removed" line for each
/// (`~/.secure_reopen/removed.json`; the audit log is root's record).
#[derive(serde::Serialize, serde::Deserialize)]
struct Removed {
    kind: String,
    place: String,
    #[serde(with = "time::serde::rfc3339")]
    at: time::OffsetDateTime,
}

/// At most this many "removed" lines are kept.
const REMOVED_KEPT: usize = 200;

fn load_removed(state_dir: &std::path::Path) -> Vec<Removed> {
    crate::fsutil::read_json(&state_dir.join("removed.json")).ok().flatten().unwrap_or_default()
}

fn note_removed(state_dir: &std::path::Path, kind: &str, place: &str) {
    let path = state_dir.join("removed.json");
    let _ = crate::fsutil::with_lock(&state_dir.join("removed.lock"), || {
        let mut list = load_removed(state_dir);
        list.push(Removed { kind: kind.to_owned(), place: place.to_owned(), at: time::OffsetDateTime::now_utc() });
        let skip = list.len().saturating_sub(REMOVED_KEPT);
        crate::fsutil::write_json(&path, &&list[skip..], 0o600)
    });
}

/// What a customer kept on purpose and may decide on again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unkeep {
    Token,
    SshKey,
    Finding,
}

/// POST unkeep_finding / unkeep_token / unkeep_ssh_key: a kept item goes back to the things to
/// decide on (remove it, or keep it with a reason again). Root's gate reads the same event.
pub fn unkeep(
    req: &Request,
    ctx: &Ctx,
    inc: &Incident,
    what: Unkeep,
    audit: impl Fn(Event, &str, &[(&str, &str)]),
) -> Response {
    let lang = crate::i18n::Lang::from_accept_language(&req.accept_language);
    let name = req.form_value(if what == Unkeep::Finding { "id" } else { "name" }).unwrap_or("");
    let mut had = false;
    let r = progress::update(&ctx.state_dir, inc.released_at, |p| {
        let map = match what {
            Unkeep::Token => &mut p.kept_tokens,
            Unkeep::SshKey => &mut p.kept_ssh_keys,
            Unkeep::Finding => &mut p.kept_findings,
        };
        had = map.remove(name).is_some();
    });
    if r.is_err() {
        return error_page(lang, 500, lang.texts().error_internal);
    }
    let event = match what {
        Unkeep::Token => Event::TokenUnkept,
        Unkeep::SshKey => Event::SshKeyUnkept,
        Unkeep::Finding => Event::FindingUnkept,
    };
    if had {
        audit(event, "ok", &[("name", name)]);
    }
    match what {
        Unkeep::Finding => Response::see_other(&format!("{}?view=sweep#f-{name}", req.self_url())),
        _ => Response::see_other(&format!(
            "{}#item-{}",
            req.self_url(),
            crate::checklist::ItemId::TokensKeysReviewed.as_str()
        )),
    }
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
            let (kind, place, _) = describe(&t.sweep, &f);
            note_removed(&ctx.state_dir, kind, &place);
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
