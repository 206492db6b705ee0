//! The admin command line (root on the server). Clear usage, precise errors, exit codes:
//! 0 done, 1 failed, 2 usage. Times are ISO 8601 (RFC 3339) with their zone.

mod incident;
mod quarantine;

use std::time::Duration;

use clap::{Parser, Subcommand};

use crate::audit::{self, Record, Source};
use crate::checklist::Policy;
use crate::paths::Paths;
use crate::privileged::Event;
use crate::uapi::cli::{CliOptions, CliTransport};
use crate::user::UserName;

/// Shown under every command's `--help`.
const EXIT_CODES: &str = "Exit codes: 0 done, 1 failed (the message says why), 2 wrong usage.";

#[derive(Parser)]
#[command(
    name = "secure-reopen",
    version,
    about = "Walk a hacked cPanel account back to a safe reopen",
    after_help = "Exit codes: 0 done, 1 failed (the message says why), 2 wrong usage.\n\nExample:\n  secure-reopen incident open alice --attack-time 2026-11-18T03:12:00Z --from-maldet\n  secure-reopen incident release alice"
)]
struct Cli {
    /// Work on a copy of a server's files under DIR instead of this server (also
    /// SECURE_REOPEN_ROOT). Needed on a machine without cPanel & WHM.
    #[arg(long, global = true, value_name = "DIR")]
    root: Option<std::path::PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Open, release, show, reopen and close security incidents.
    #[command(after_help = format!("{EXIT_CODES}\n\nExample:\n  secure-reopen incident list\n  secure-reopen incident status alice --json"))]
    Incident {
        #[command(subcommand)]
        action: incident::Action,
    },
    /// The tamper-evident audit log of a customer.
    #[command(after_help = format!("{EXIT_CODES}\n\nExample:\n  secure-reopen audit verify alice"))]
    Audit {
        #[command(subcommand)]
        action: AuditAction,
    },
    /// The checklist policy and where e-mail goes.
    #[command(after_help = format!("{EXIT_CODES}\n\nExample:\n  secure-reopen policy check"))]
    Policy {
        #[command(subcommand)]
        action: PolicyAction,
    },
    /// The folders a restore moved to a customer's quarantine: list them, delete old ones.
    #[command(after_help = format!("{EXIT_CODES}\n\nExample:\n  secure-reopen quarantine list alice\n  secure-reopen quarantine purge alice --older-than 30"))]
    Quarantine {
        #[command(subcommand)]
        action: quarantine::Action,
    },
    /// Sweep a folder for backdoors, droppers and attackers' server settings, most dangerous
    /// first, with the host's own YARA rules (/etc/secure-reopen/yara/*.yar) and maldet's last
    /// report merged in. Exit code 1 when something is found, 0 when nothing is, 2 on a usage error.
    Scan {
        /// The folder to sweep (e.g. /home/USER or /home/USER/public_html).
        path: std::path::PathBuf,
        /// Print JSON for scripts.
        #[arg(long)]
        json: bool,
        /// Read at most this many MB of one file; larger code files are reported as such.
        #[arg(long, default_value_t = 8)]
        max_file_mb: u64,
        /// Worker threads (default: the machine's cores, at most 4).
        #[arg(long, default_value_t = 0)]
        threads: usize,
    },
    /// Create the WHM API token the plugin uses to set a cPanel password as root (only the
    /// `passwd` ACL, only from 127.0.0.1), stored 0600 in /var/cpanel/secure_reopen/whm.token.
    /// install.sh runs this; a stored token is kept unless --renew.
    #[command(after_help = format!("{EXIT_CODES}\n\nExample:\n  secure-reopen whm-token --renew"))]
    WhmToken {
        /// Revoke the stored token and create a new one.
        #[arg(long)]
        renew: bool,
    },
    /// Root mode for cPanel's AdminBin (not for people).
    #[command(hide = true)]
    Helper {
        #[arg(long)]
        caller: String,
        action: String,
    },
}

#[derive(Subcommand)]
enum AuditAction {
    /// Check the hash chain and say where it breaks.
    Verify { user: String },
    /// Print the log, one event a line.
    Show {
        user: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum PolicyAction {
    /// Check the policy file and print the effective checklist.
    Check,
    /// Print the effective policy as JSON.
    Show,
}

/// Entry point in CLI mode. Returns the exit code.
pub fn main() -> i32 {
    // Admin and helper modes read hostile files as root: a panic logs its place, never data.
    crate::log::quiet_panics();
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    let paths = match &cli.root {
        Some(r) => Paths::new(r),
        None => Paths::from_env(),
    };
    // The helper is started by cPanel itself and `scan` reads any folder; everything else first
    // checks it is on a server.
    if !matches!(cli.command, Command::Helper { .. } | Command::Scan { .. })
        && let Err(m) = require_cpanel(&paths, cli.root.is_some())
    {
        eprintln!("secure-reopen: {m}");
        return 1;
    }
    let result = match cli.command {
        Command::Helper { caller, action } => return crate::helper::main(&caller, &action),
        Command::Scan { path, json, max_file_mb, threads } => return scan(&paths, &path, json, max_file_mb, threads),
        Command::Incident { action } => incident::run(&paths, action),
        Command::Quarantine { action } => quarantine::run(&paths, action),
        Command::Audit { action: AuditAction::Verify { user } } => audit_verify(&paths, &user),
        Command::Audit { action: AuditAction::Show { user, json } } => audit_show(&paths, &user, json),
        Command::Policy { action: PolicyAction::Check } => policy_check(&paths),
        Command::Policy { action: PolicyAction::Show } => policy_show(&paths),
        Command::WhmToken { renew } => whm_token(&paths, renew),
    };
    match result {
        Ok(()) => 0,
        Err(Failure::Usage(m)) => {
            eprintln!("secure-reopen: {m}");
            2
        }
        Err(Failure::Failed(m)) => {
            eprintln!("secure-reopen: {m}");
            1
        }
    }
}

/// On a machine without cPanel & WHM every command would fail somewhere in the middle; say so
/// first, unless the technician named a root on purpose.
fn require_cpanel(paths: &Paths, root_given: bool) -> Result<(), String> {
    let version = paths.root().join("usr/local/cpanel/version");
    if root_given || std::env::var_os(crate::paths::ROOT_ENV).is_some() || version.is_file() {
        return Ok(());
    }
    Err(format!(
        "cPanel & WHM is not installed on this machine ({} is missing). Run me on a cPanel server, or pass --root DIR (or set {}) to work on a copy of one.",
        version.display(),
        crate::paths::ROOT_ENV
    ))
}

fn whm_token(paths: &Paths, renew: bool) -> Result<(), Failure> {
    match crate::whm::create_token(paths, renew).map_err(Failure::Failed)? {
        crate::whm::TokenOutcome::Kept => {
            println!("the WHM API token is in place ({}); nothing changed", crate::whm::token_file(paths).display())
        }
        crate::whm::TokenOutcome::Created => println!(
            "created the WHM API token {:?} (ACL passwd, from 127.0.0.1 only) in {}",
            crate::whm::TOKEN_NAME,
            crate::whm::token_file(paths).display()
        ),
    }
    Ok(())
}

enum Failure {
    Usage(String),
    Failed(String),
}

fn user_arg(s: &str) -> Result<UserName, Failure> {
    UserName::parse(s).map_err(Failure::Usage)
}

/// cPanel's tools as root, acting for the user.
fn as_user(paths: &Paths, user: &UserName) -> CliTransport {
    let mut o = CliOptions::new(paths.uapi_bin(), paths.cpapi2_bin());
    o.user = Some(user.as_str().to_owned());
    o.timeout = Duration::from_secs(120);
    CliTransport::new(o)
}

fn admin_audit(
    paths: &Paths,
    user: &UserName,
    event: Event,
    result: &str,
    extra: &[(&str, &str)],
) -> Result<(), Failure> {
    let who = std::env::var("SUDO_USER").or_else(|_| std::env::var("USER")).unwrap_or_else(|_| "root".into());
    let mut pairs = vec![("admin", who.as_str())];
    pairs.extend_from_slice(extra);
    let details = crate::privileged::details(&pairs);
    audit::append(paths, user, Record { source: Source::Admin, remote: "", event, result, details })
        .map(|_| ())
        .map_err(|e| Failure::Failed(format!("cannot write the audit log: {e}")))
}

fn audit_verify(paths: &Paths, user: &str) -> Result<(), Failure> {
    let user = user_arg(user)?;
    let path = audit::log_path(paths, &user);
    // The head recorded in the incident record (outside the log) must still be in the log.
    let anchor = crate::incident::load(paths, user.as_str()).ok().flatten().and_then(|i| i.audit_anchor);
    let checked = audit::verify_anchored(&path, anchor.as_ref())
        .map_err(|e| Failure::Failed(format!("cannot read {}: {e}", path.display())))?;
    match checked {
        Ok(n) => {
            let anchored = if anchor.is_some() { ", matches the incident record" } else { "" };
            println!("{}: {n} entries, chain intact{anchored}", path.display());
            Ok(())
        }
        Err(b) => Err(Failure::Failed(format!("{}: chain broken at line {}: {}", path.display(), b.line, b.why))),
    }
}

fn audit_show(paths: &Paths, user: &str, json: bool) -> Result<(), Failure> {
    let user = user_arg(user)?;
    let path = audit::log_path(paths, &user);
    let entries = audit::read(&path).map_err(|e| Failure::Failed(format!("cannot read {}: {e}", path.display())))?;
    for e in entries {
        if json {
            println!("{}", serde_json::to_string(&e).expect("entry serializes"));
        } else {
            let at = e.body.at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default();
            let details = serde_json::Value::Object(e.body.details.clone());
            println!(
                "{:>4} {at} {:<8} {:<18} {:<8} {} {details}",
                e.body.seq,
                format!("{:?}", e.body.source).to_lowercase(),
                e.body.event,
                e.body.result,
                e.body.remote
            );
        }
    }
    Ok(())
}

/// `scan PATH`: the exit code says whether anything was found.
fn scan(paths: &Paths, path: &std::path::Path, json: bool, max_file_mb: u64, threads: usize) -> i32 {
    let root = match std::fs::canonicalize(path) {
        Ok(p) if p.is_dir() => p,
        Ok(p) => {
            eprintln!("secure-reopen: {} is not a folder", p.display());
            return 2;
        }
        Err(e) => {
            eprintln!("secure-reopen: cannot open {}: {e}", path.display());
            return 2;
        }
    };
    let opts =
        crate::sweep::files::Options { max_read: max_file_mb.max(1) * 1024 * 1024, threads, ..Default::default() };
    let t = std::time::Instant::now();
    let report = crate::sweep::scan::run_with_host(paths, &root, &root, &opts);
    let secs = t.elapsed().as_secs_f64();
    if json {
        let v = crate::sweep::scan::to_json(&root, &report, secs);
        println!("{}", serde_json::to_string_pretty(&v).expect("report serializes"));
    } else {
        print!("{}", crate::sweep::scan::to_text(&root, &report, secs));
    }
    i32::from(!report.findings.is_empty())
}

fn policy_check(paths: &Paths) -> Result<(), Failure> {
    let p = Policy::load(paths).map_err(Failure::Failed)?;
    for def in crate::checklist::ItemId::ALL.iter().map(|id| id.def()) {
        let s = p.severity_of(&def).map(|s| format!("{s:?}").to_lowercase()).unwrap_or_else(|| "off".into());
        println!("{:<26} {:<9} {}", def.id, format!("{:?}", def.kind).to_lowercase(), s);
    }
    for x in &p.extra_attestations {
        println!("{:<26} {:<9} {}", x.id, "attested", format!("{:?}", x.severity).to_lowercase());
    }
    println!("php_minimum {}", p.php_minimum);
    match &p.guide_url {
        Some(g) => println!("guide_url en {} nb {}", g.en, g.nb),
        None => println!("guide_url none (the \"read the guide\" item has no link)"),
    }
    println!("quarantine_days {}", p.quarantine_days);
    // config.json: where e-mail goes (a broken file is an error here, not at the next release).
    let cfg = crate::notify::Config::load(paths).map_err(Failure::Failed)?;
    match crate::notify::host_recipient(paths, &cfg) {
        Ok(Some(to)) => println!("notices to the host: {to}"),
        Ok(None) => println!("notices to the host: off (host_notices is false)"),
        Err(e) => println!("notices to the host: NONE: {e}"),
    }
    println!("mail sender: {}", crate::notify::sender(paths, &cfg));
    Ok(())
}

fn policy_show(paths: &Paths) -> Result<(), Failure> {
    let p = Policy::load(paths).map_err(Failure::Failed)?;
    println!("{}", serde_json::to_string_pretty(&p).expect("policy serializes"));
    Ok(())
}
