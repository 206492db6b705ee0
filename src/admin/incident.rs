//! `secure-reopen incident …`: the technician's side of the runbook's steps 1–3.

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use clap::Subcommand;
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::{Failure, admin_audit, as_user, user_arg};
use crate::holds;
use crate::i18n::Lang;
use crate::incident::{self, AttackTime, Incident, Precision, Status};
use crate::notify;
use crate::paths::Paths;
use crate::uapi::{self, Call};
use crate::user::UserName;

#[derive(Subcommand)]
pub(super) enum Action {
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
        /// Where the customer can write with questions (shown on the page).
        #[arg(long)]
        contact: Option<String>,
        /// The folder the attack affected, relative to the home directory.
        #[arg(long)]
        affected_dir: Option<String>,
        /// A file listing the files the scanner removed, one path per line.
        #[arg(long, conflicts_with_all = ["from_maldet", "from_imunify"])]
        removed_files: Option<PathBuf>,
        /// Take the removed files from Linux Malware Detect's last scan.
        #[arg(long, conflicts_with = "from_imunify")]
        from_maldet: bool,
        /// Take the removed files from Imunify360's list of malicious files.
        #[arg(long)]
        from_imunify: bool,
        /// Do not suspend the account (it is already suspended).
        #[arg(long)]
        no_suspend: bool,
        /// Sweep the home directory and keep the findings as the incident's evidence.
        #[arg(long)]
        scan: bool,
    },
    /// Release: the customer may log in to cPanel; websites, mail and FTP logins stay closed.
    Release { user: String },
    /// Show the incident record of USER.
    #[command(alias = "status")]
    Show {
        user: String,
        #[arg(long)]
        json: bool,
    },
    /// List every incident.
    List {
        #[arg(long)]
        json: bool,
    },
    /// Reopen without the customer's checklist (audited): lifts every hold.
    Reopen {
        user: String,
        /// Required: this skips the checks the customer has not done.
        #[arg(long)]
        force: bool,
    },
    /// Investigate again: suspend the account and put the holds back.
    Investigate { user: String },
    /// Close a reopened case.
    Close { user: String },
}

pub(super) fn run(paths: &Paths, action: Action) -> Result<(), Failure> {
    match action {
        Action::Open {
            user,
            attack_time,
            exact,
            vector,
            notes,
            contact,
            affected_dir,
            removed_files,
            from_maldet,
            from_imunify,
            no_suspend,
            scan,
        } => {
            let user = user_arg(&user)?;
            let attack_time = attack_time
                .map(|s| {
                    OffsetDateTime::parse(&s, &Rfc3339)
                        .map(|at| AttackTime {
                            at,
                            precision: if exact { Precision::Exact } else { Precision::Approximate },
                        })
                        .map_err(|e| {
                            Failure::Usage(format!(
                                "--attack-time {s:?} is not RFC 3339 (e.g. 2026-11-18T03:12:00Z): {e}"
                            ))
                        })
                })
                .transpose()?;
            let removed_files = if from_maldet {
                from_maldet_hits(paths, &user)?
            } else if from_imunify {
                from_imunify_list(paths, &user)?
            } else {
                match removed_files {
                    Some(f) => read_list(&f)?,
                    None => Vec::new(),
                }
            };
            if let Some(old) = incident::load(paths, user.as_str()).map_err(|e| Failure::Failed(e.to_string()))? {
                if matches!(old.status, Status::Investigating | Status::AwaitingCustomer) {
                    return Err(Failure::Failed(format!(
                        "{user} already has an open incident ({:?}); use `incident investigate` or `incident close`",
                        old.status
                    )));
                }
            }
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
            save(paths, &inc)?;
            if scan {
                scan_evidence(paths, &user)?;
            }
            if !no_suspend {
                run_script(paths, "suspendacct", &[user.as_str(), "Security incident: under investigation"])?;
            }
            admin_audit(paths, &user, "incident_opened", "ok", &[])?;
            println!("opened incident for {user}; status investigating");
            Ok(())
        }
        Action::Release { user } => {
            let user = user_arg(&user)?;
            let mut inc = load(paths, &user)?;
            if inc.status != Status::Investigating {
                return Err(Failure::Failed(format!("{user}'s incident is {:?}, not investigating", inc.status)));
            }
            let t = as_user(paths, &user);
            // Close the website, mail and FTP first, then let the customer in.
            holds::apply(paths, &user, &t).map_err(|e| Failure::Failed(e.to_string()))?;
            run_script(paths, "unsuspendacct", &[user.as_str()])?;
            inc.status = Status::AwaitingCustomer;
            inc.released_at = Some(OffsetDateTime::now_utc());
            save(paths, &inc)?;
            admin_audit(paths, &user, "incident_released", "ok", &[])?;
            println!("released {user}: cPanel login allowed; websites, mail and FTP logins stay closed until reopen");
            if let Err(e) = mail_customer(paths, &user, &t) {
                eprintln!("secure-reopen: warning: {e}");
            }
            Ok(())
        }
        Action::Show { user, json } => {
            let user = user_arg(&user)?;
            let inc = load(paths, &user)?;
            if json {
                println!("{}", serde_json::to_string_pretty(&inc).expect("incident serializes"));
            } else {
                println!("user:          {}", inc.user);
                println!("status:        {}", status_word(inc.status));
                println!("opened:        {}", fmt(Some(inc.opened_at)));
                println!("released:      {}", fmt(inc.released_at));
                match &inc.attack_time {
                    Some(a) => println!("attack time:   {} ({:?})", fmt(Some(a.at)), a.precision),
                    None => println!("attack time:   unknown"),
                }
                println!("vector:        {}", inc.vector.as_deref().unwrap_or("-"));
                println!("removed files: {}", inc.removed_files.len());
                let held = holds::load(paths, &user).ok().flatten();
                println!("holds:         {}", if held.is_some() { "in place" } else { "none" });
            }
            Ok(())
        }
        Action::List { json } => {
            let mut all = Vec::new();
            let dir = paths.incidents_dir();
            let entries = match std::fs::read_dir(&dir) {
                Ok(e) => e,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    if json {
                        println!("[]");
                    }
                    return Ok(());
                }
                Err(e) => return Err(Failure::Failed(format!("cannot read {}: {e}", dir.display()))),
            };
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                let Some(user) = name.strip_suffix(".json").and_then(|u| UserName::parse(u).ok()) else { continue };
                if let Ok(Some(i)) = incident::load(paths, user.as_str()) {
                    all.push(i);
                }
            }
            all.sort_by(|a, b| a.user.cmp(&b.user));
            if json {
                let v: Vec<Value> = all
                    .iter()
                    .map(|i| json!({"user": i.user, "status": i.status, "opened_at": fmt(Some(i.opened_at)), "released_at": i.released_at.map(|t| fmt(Some(t)))}))
                    .collect();
                println!("{}", serde_json::to_string_pretty(&v).expect("list serializes"));
            } else {
                println!("{:<16} {:<18} {:<26} released", "user", "status", "opened");
                for i in &all {
                    println!(
                        "{:<16} {:<18} {:<26} {}",
                        i.user,
                        status_word(i.status),
                        fmt(Some(i.opened_at)),
                        fmt(i.released_at)
                    );
                }
            }
            Ok(())
        }
        Action::Reopen { user, force } => {
            let user = user_arg(&user)?;
            if !force {
                return Err(Failure::Usage(
                    "reopening without the customer's checks needs --force (it is audited)".into(),
                ));
            }
            let mut inc = load(paths, &user)?;
            if matches!(inc.status, Status::Reopened | Status::Closed) {
                return Err(Failure::Failed(format!("{user}'s incident is already {}", status_word(inc.status))));
            }
            let t = as_user(paths, &user);
            if inc.status == Status::Investigating {
                run_script(paths, "unsuspendacct", &[user.as_str()])?;
            }
            holds::lift(paths, &user, &t).map_err(|e| Failure::Failed(e.to_string()))?;
            inc.status = Status::Reopened;
            save(paths, &inc)?;
            admin_audit(paths, &user, "reopen_forced", "ok", &[])?;
            println!("reopened {user} without the checklist (forced, audited)");
            Ok(())
        }
        Action::Investigate { user } => {
            let user = user_arg(&user)?;
            let mut inc = load(paths, &user)?;
            if inc.status == Status::Investigating {
                return Err(Failure::Failed(format!("{user}'s incident is already under investigation")));
            }
            holds::apply(paths, &user, &as_user(paths, &user)).map_err(|e| Failure::Failed(e.to_string()))?;
            run_script(paths, "suspendacct", &[user.as_str(), "Security incident: under investigation"])?;
            inc.status = Status::Investigating;
            inc.released_at = None;
            save(paths, &inc)?;
            admin_audit(paths, &user, "incident_investigating", "ok", &[])?;
            println!("{user} is suspended again and under investigation");
            Ok(())
        }
        Action::Close { user } => {
            let user = user_arg(&user)?;
            let mut inc = load(paths, &user)?;
            if inc.status != Status::Reopened {
                return Err(Failure::Failed(format!(
                    "{user}'s incident is {}; only a reopened case can be closed",
                    status_word(inc.status)
                )));
            }
            inc.status = Status::Closed;
            save(paths, &inc)?;
            admin_audit(paths, &user, "incident_closed", "ok", &[])?;
            println!("closed {user}'s incident");
            Ok(())
        }
    }
}

fn status_word(s: Status) -> &'static str {
    match s {
        Status::Investigating => "investigating",
        Status::AwaitingCustomer => "awaiting_customer",
        Status::Reopened => "reopened",
        Status::Closed => "closed",
    }
}

fn fmt(t: Option<OffsetDateTime>) -> String {
    t.and_then(|t| t.format(&Rfc3339).ok()).unwrap_or_else(|| "-".into())
}

fn load(paths: &Paths, user: &UserName) -> Result<Incident, Failure> {
    incident::load(paths, user.as_str()).map_err(|e| Failure::Failed(format!("{user}: {e}")))?.ok_or_else(|| {
        Failure::Failed(format!("no incident record for {user} ({})", paths.incident_file(user.as_str()).display()))
    })
}

fn save(paths: &Paths, inc: &Incident) -> Result<(), Failure> {
    incident::save(paths, inc).map_err(|e| Failure::Failed(format!("cannot write the incident record: {e}")))
}

fn run_script(paths: &Paths, name: &str, args: &[&str]) -> Result<(), Failure> {
    let prog = paths.cpanel_script(name);
    let st = Process::new(&prog)
        .args(args)
        .status()
        .map_err(|e| Failure::Failed(format!("cannot run {}: {e}", prog.display())))?;
    if st.success() { Ok(()) } else { Err(Failure::Failed(format!("{} failed ({st})", prog.display()))) }
}

fn read_list(f: &Path) -> Result<Vec<String>, Failure> {
    Ok(std::fs::read_to_string(f)
        .map_err(|e| Failure::Failed(format!("cannot read {}: {e}", f.display())))?
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect())
}

/// The user's home, from cPanel.
/// `incident open --scan`: sweep the home and keep the report beside the incident record.
fn scan_evidence(paths: &Paths, user: &UserName) -> Result<(), Failure> {
    let home = home_of(paths, user)?;
    let t = std::time::Instant::now();
    let report = crate::sweep::scan::run(&home, &home, &Default::default());
    let v = crate::sweep::scan::to_json(&home, &report, t.elapsed().as_secs_f64());
    let file = crate::sweep::scan::evidence_file(paths, user.as_str());
    crate::fsutil::write_json(&file, &v, 0o600)
        .map_err(|e| Failure::Failed(format!("cannot write the scan evidence {}: {e}", file.display())))?;
    let n = report.findings.len().to_string();
    admin_audit(paths, user, "incident_scanned", "ok", &[("findings", n.as_str())])?;
    println!("scan: {n} findings in {} entries; evidence kept in {}", report.files_seen, file.display());
    for f in report.findings.iter().take(10) {
        println!("  {:<8} {}", f.danger().as_str(), f.path);
    }
    Ok(())
}

fn home_of(paths: &Paths, user: &UserName) -> Result<PathBuf, Failure> {
    let info = uapi::call(&as_user(paths, user), &Call::new("Variables", "get_user_information"))
        .map_err(|e| Failure::Failed(format!("cannot ask cPanel where {user}'s home is: {e}")))?;
    info.get("home")
        .and_then(Value::as_str)
        .map(PathBuf::from)
        .ok_or_else(|| Failure::Failed(format!("cPanel did not say where {user}'s home is")))
}

/// Paths inside the home, made relative; others are dropped.
fn relative_to_home(home: &Path, files: impl Iterator<Item = String>) -> Vec<String> {
    let mut v: Vec<String> =
        files.filter_map(|f| Path::new(&f).strip_prefix(home).ok().map(|r| r.to_string_lossy().into_owned())).collect();
    v.sort();
    v.dedup();
    v
}

/// Linux Malware Detect: the hits of the last scan (`sess/session.last` names it; each hit
/// line is `SIGNATURE : PATH`).
fn from_maldet_hits(paths: &Paths, user: &UserName) -> Result<Vec<String>, Failure> {
    let sess = paths.root().join("usr/local/maldetect/sess");
    let last = std::fs::read_to_string(sess.join("session.last"))
        .map_err(|e| Failure::Failed(format!("no maldet scan found ({}): {e}", sess.join("session.last").display())))?;
    let hits = sess.join(format!("session.hits.{}", last.trim()));
    let text =
        std::fs::read_to_string(&hits).map_err(|e| Failure::Failed(format!("cannot read {}: {e}", hits.display())))?;
    let home = home_of(paths, user)?;
    Ok(relative_to_home(&home, text.lines().filter_map(|l| l.split_once(" : ").map(|(_, p)| p.trim().to_owned()))))
}

/// Imunify360: `imunify360-agent malware malicious list --user USER --json`.
fn from_imunify_list(paths: &Paths, user: &UserName) -> Result<Vec<String>, Failure> {
    let prog = paths.root().join("usr/bin/imunify360-agent");
    let out = Process::new(&prog)
        .args(["malware", "malicious", "list", "--user", user.as_str(), "--json"])
        .output()
        .map_err(|e| Failure::Failed(format!("cannot run {}: {e}", prog.display())))?;
    if !out.status.success() {
        return Err(Failure::Failed(format!(
            "{} failed: {}",
            prog.display(),
            String::from_utf8_lossy(&out.stderr).trim()
        )));
    }
    let v: Value = serde_json::from_slice(&out.stdout)
        .map_err(|e| Failure::Failed(format!("Imunify360's answer is not JSON: {e}")))?;
    let items = v.get("items").and_then(Value::as_array).or_else(|| v.as_array()).cloned().unwrap_or_default();
    let home = home_of(paths, user)?;
    Ok(relative_to_home(&home, items.iter().filter_map(|i| i.get("file").and_then(Value::as_str).map(str::to_owned))))
}

/// Tells the customer, in their language, that they can log in and secure the account.
fn mail_customer(paths: &Paths, user: &UserName, t: &dyn crate::uapi::Transport) -> Result<(), String> {
    let calls = [Call::new("Variables", "get_user_information"), Call::new("Locale", "get_attributes")];
    let mut r = uapi::batch(t, &calls).into_iter();
    let info =
        r.next().expect("one result per call").map_err(|e| format!("cannot find {user}'s contact address: {e}"))?;
    let lang = r
        .next()
        .expect("one result per call")
        .ok()
        .and_then(|l| l.get("locale").and_then(Value::as_str).and_then(Lang::from_tag))
        .unwrap_or(Lang::En);
    let to = info
        .get("contact_email")
        .and_then(Value::as_str)
        .filter(|s| !s.is_empty())
        .ok_or_else(|| format!("{user} has no contact e-mail in cPanel; tell them by other means"))?;
    let cfg = notify::Config::load(paths)?;
    let tx = lang.texts();
    notify::send(
        paths,
        &cfg,
        &notify::Message { to, subject: tx.mail_release_subject, body: &(tx.mail_release_body)(user.as_str()) },
    )
}
