//! The admin command line (root on the server). Clear usage, precise errors, exit codes:
//! 0 done, 1 failed, 2 usage.

use std::process::Command as Process;
use std::time::Duration;

use clap::{Parser, Subcommand};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::audit::{self, Record, Source};
use crate::checklist::Policy;
use crate::holds;
use crate::incident::{self, AttackTime, Incident, Precision, Status};
use crate::paths::Paths;
use crate::uapi::cli::{CliOptions, CliTransport};
use crate::user::UserName;

#[derive(Parser)]
#[command(
    name = "secure-reopen",
    version,
    about = "Walk a hacked cPanel account back to a safe reopen"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Open, release, show and close security incidents.
    Incident {
        #[command(subcommand)]
        action: IncidentAction,
    },
    /// The tamper-evident audit log of a customer.
    Audit {
        #[command(subcommand)]
        action: AuditAction,
    },
    /// The checklist policy.
    Policy {
        #[command(subcommand)]
        action: PolicyAction,
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
enum IncidentAction {
    /// Open an incident: write the record and suspend the account.
    Open {
        user: String,
        /// When the attack happened (RFC 3339, e.g. 2026-11-18T03:12:00Z).
        #[arg(long)]
        attack_time: Option<String>,
        /// The attack time is exact (default: approximate).
        #[arg(long)]
        exact: bool,
        #[arg(long)]
        vector: Option<String>,
        /// Notes from the technician, shown to the customer.
        #[arg(long)]
        notes: Option<String>,
        /// Where the customer can write with questions.
        #[arg(long)]
        contact: Option<String>,
        /// The folder the attack affected, relative to the home directory.
        #[arg(long)]
        affected_dir: Option<String>,
        /// A file listing the files the scanner removed, one path per line.
        #[arg(long)]
        removed_files: Option<std::path::PathBuf>,
        /// Do not suspend the account (it is already suspended, or tests).
        #[arg(long)]
        no_suspend: bool,
    },
    /// Release: let the customer into cPanel while the website and mail logins stay closed.
    Release { user: String },
    /// Show the incident record of USER.
    Show {
        user: String,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Subcommand)]
enum AuditAction {
    /// Check the hash chain and say where it breaks.
    Verify { user: String },
}

#[derive(Subcommand)]
enum PolicyAction {
    /// Check the policy file and print the effective checklist.
    Check,
}

/// Entry point in CLI mode. Returns the exit code.
pub fn main() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    let paths = Paths::from_env();
    let result = match cli.command {
        Command::Helper { caller, action } => return crate::helper::main(&caller, &action),
        Command::Incident { action } => incident_cmd(&paths, action),
        Command::Audit {
            action: AuditAction::Verify { user },
        } => audit_verify(&paths, &user),
        Command::Policy {
            action: PolicyAction::Check,
        } => policy_check(&paths),
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

enum Failure {
    Usage(String),
    Failed(String),
}

fn user_arg(s: &str) -> Result<UserName, Failure> {
    UserName::parse(s).map_err(Failure::Usage)
}

fn as_user(paths: &Paths, user: &UserName) -> CliTransport {
    let mut o = CliOptions::new(paths.uapi_bin(), paths.cpapi2_bin());
    o.user = Some(user.as_str().to_owned());
    o.timeout = Duration::from_secs(120);
    CliTransport::new(o)
}

fn admin_audit(paths: &Paths, user: &UserName, event: &str, result: &str) -> Result<(), Failure> {
    let who = std::env::var("SUDO_USER")
        .or_else(|_| std::env::var("USER"))
        .unwrap_or_else(|_| "root".into());
    let details = crate::privileged::details(&[("admin", &who)]);
    audit::append(
        paths,
        user,
        Record {
            source: Source::Admin,
            remote: "",
            event,
            result,
            details,
        },
    )
    .map(|_| ())
    .map_err(|e| Failure::Failed(format!("cannot write the audit log: {e}")))
}

fn incident_cmd(paths: &Paths, action: IncidentAction) -> Result<(), Failure> {
    match action {
        IncidentAction::Open {
            user,
            attack_time,
            exact,
            vector,
            notes,
            contact,
            affected_dir,
            removed_files,
            no_suspend,
        } => {
            let user = user_arg(&user)?;
            let attack_time = attack_time
                .map(|s| {
                    OffsetDateTime::parse(&s, &Rfc3339)
                        .map(|at| AttackTime { at, precision: if exact { Precision::Exact } else { Precision::Approximate } })
                        .map_err(|e| Failure::Usage(format!("--attack-time {s:?} is not RFC 3339 (e.g. 2026-11-18T03:12:00Z): {e}")))
                })
                .transpose()?;
            let removed_files = match removed_files {
                Some(f) => std::fs::read_to_string(&f)
                    .map_err(|e| {
                        Failure::Failed(format!("cannot read --removed-files {}: {e}", f.display()))
                    })?
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(str::to_owned)
                    .collect(),
                None => Vec::new(),
            };
            let inc = Incident {
                version: incident::RECORD_VERSION,
                user: user.as_str().to_owned(),
                status: Status::Investigating,
                opened_at: OffsetDateTime::now_utc(),
                released_at: None,
                attack_time,
                vector,
                removed_files,
                notes,
                contact_email: contact,
                affected_dir,
            };
            incident::save(paths, &inc)
                .map_err(|e| Failure::Failed(format!("cannot write the incident record: {e}")))?;
            if !no_suspend {
                run_script(
                    paths,
                    "suspendacct",
                    &[user.as_str(), "Security incident: under investigation"],
                )?;
            }
            admin_audit(paths, &user, "incident_opened", "ok")?;
            println!("opened incident for {user}; status investigating");
            Ok(())
        }
        IncidentAction::Release { user } => {
            let user = user_arg(&user)?;
            let mut inc = incident::load(paths, user.as_str())
                .map_err(|e| Failure::Failed(e.to_string()))?
                .ok_or_else(|| Failure::Failed(format!("no incident record for {user}")))?;
            if inc.status != Status::Investigating {
                return Err(Failure::Failed(format!(
                    "{user}'s incident is {:?}, not investigating",
                    inc.status
                )));
            }
            // Close the website and mail logins first, then let the customer in.
            holds::apply(paths, &user, &as_user(paths, &user))
                .map_err(|e| Failure::Failed(e.to_string()))?;
            run_script(paths, "unsuspendacct", &[user.as_str()])?;
            inc.status = Status::AwaitingCustomer;
            inc.released_at = Some(OffsetDateTime::now_utc());
            incident::save(paths, &inc)
                .map_err(|e| Failure::Failed(format!("cannot write the incident record: {e}")))?;
            admin_audit(paths, &user, "incident_released", "ok")?;
            println!(
                "released {user}: cPanel login allowed; websites and mail logins stay closed until reopen"
            );
            Ok(())
        }
        IncidentAction::Show { user, json } => {
            let user = user_arg(&user)?;
            let inc = incident::load(paths, user.as_str())
                .map_err(|e| Failure::Failed(format!("{user}: {e}")))?
                .ok_or_else(|| Failure::Failed(format!("no incident record for {user}")))?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&inc).expect("incident serializes")
                );
            } else {
                let t = |o: Option<OffsetDateTime>| {
                    o.and_then(|t| t.format(&Rfc3339).ok())
                        .unwrap_or_else(|| "-".into())
                };
                println!("user:        {}", inc.user);
                println!("status:      {:?}", inc.status);
                println!("opened:      {}", t(Some(inc.opened_at)));
                println!("released:    {}", t(inc.released_at));
                if let Some(a) = &inc.attack_time {
                    println!("attack time: {} ({:?})", t(Some(a.at)), a.precision);
                }
            }
            Ok(())
        }
    }
}

fn run_script(paths: &Paths, name: &str, args: &[&str]) -> Result<(), Failure> {
    let prog = paths.cpanel_script(name);
    let st = Process::new(&prog)
        .args(args)
        .status()
        .map_err(|e| Failure::Failed(format!("cannot run {}: {e}", prog.display())))?;
    if st.success() {
        Ok(())
    } else {
        Err(Failure::Failed(format!("{} failed ({st})", prog.display())))
    }
}

fn audit_verify(paths: &Paths, user: &str) -> Result<(), Failure> {
    let user = user_arg(user)?;
    let path = audit::log_path(paths, &user);
    match audit::verify(&path)
        .map_err(|e| Failure::Failed(format!("cannot read {}: {e}", path.display())))?
    {
        Ok(n) => {
            println!("{}: {n} entries, chain intact", path.display());
            Ok(())
        }
        Err(b) => Err(Failure::Failed(format!(
            "{}: chain broken at line {}: {}",
            path.display(),
            b.line,
            b.why
        ))),
    }
}

fn policy_check(paths: &Paths) -> Result<(), Failure> {
    let p = Policy::load(paths).map_err(Failure::Failed)?;
    for def in crate::checklist::BUILTIN {
        let s = p
            .severity_of(def)
            .map(|s| format!("{s:?}").to_lowercase())
            .unwrap_or_else(|| "off".into());
        println!(
            "{:<26} {:<9} {}",
            def.id,
            format!("{:?}", def.kind).to_lowercase(),
            s
        );
    }
    for x in &p.extra_attestations {
        println!(
            "{:<26} {:<9} {}",
            x.id,
            "attested",
            format!("{:?}", x.severity).to_lowercase()
        );
    }
    Ok(())
}
