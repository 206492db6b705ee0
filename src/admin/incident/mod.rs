//! `secure-reopen incident …`: the technician's side of the runbook's steps 1–3.

use std::path::{Path, PathBuf};
use std::process::Command as Process;

use clap::{Args, Subcommand};
use serde_json::{Value, json};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::{Failure, admin_audit, as_user, user_arg};
use crate::audit::Source;
use crate::holds;
use crate::i18n::Lang;
use crate::incident::{self, AttackTime, Incident, Precision, Status};
use crate::notify;
use crate::paths::Paths;
use crate::privileged::Event;
use crate::uapi::{self, Call};
use crate::user::UserName;

mod edit;
use edit::{EditArgs, edit};

#[derive(Subcommand)]
pub(super) enum Action {
    /// Open an incident: write the record and suspend the account.
    Open(OpenArgs),
    /// Release: the customer may log in to cPanel; websites, mail and FTP logins stay closed.
    Release {
        user: String,
        /// Give the customer a new cPanel password (they do not have the current one): it is
        /// printed here once, for you to pass on by phone or in person, and never stored.
        #[arg(long)]
        reset_password: bool,
    },
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
    /// Correct what an open case says (attack time, vector, notes, contact, affected folder,
    /// vulnerable software); the customer's page shows it at once and the reopen checks use it.
    Edit(EditArgs),
    /// Close a reopened case.
    Close { user: String },
}

/// `incident open`'s arguments.
#[derive(Args)]
pub(super) struct OpenArgs {
    user: String,
    /// When the attack happened (RFC 3339, e.g. 2026-11-18T03:12:00Z).
    #[arg(long)]
    attack_time: Option<String>,
    /// The attack time is exact (default: approximate).
    #[arg(long)]
    exact: bool,
    #[command(flatten)]
    text: CaseText,
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
    /// Software the attacker came in through, as KIND:SLUG:FIXED_VERSION (KIND is
    /// wordpress-plugin or wordpress-theme; every version below FIXED_VERSION is vulnerable).
    /// The customer is asked to update or remove it; the reopen waits until no WordPress site
    /// has it below that version. Repeat for more than one.
    #[arg(long, value_name = "KIND:SLUG:FIXED_VERSION", value_parser = incident::Vulnerable::parse)]
    vulnerable: Vec<incident::Vulnerable>,
}

/// What the case says in words, shown to the customer (`incident open` and `incident edit`).
#[derive(Args)]
pub(super) struct CaseText {
    /// How the attacker got in.
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
}

/// Runs one action; every action that changes a case holds that case's lock (the same lock the
/// helper's reopen takes), so a technician and a customer never change one case at once.
pub(super) fn run(paths: &Paths, action: Action) -> Result<(), Failure> {
    let locked = match &action {
        Action::Open(OpenArgs { user, .. })
        | Action::Release { user, .. }
        | Action::Reopen { user, .. }
        | Action::Investigate { user }
        | Action::Edit(EditArgs { user, .. })
        | Action::Close { user } => Some(user_arg(user)?),
        Action::Show { .. } | Action::List { .. } => None,
    };
    match locked {
        Some(user) => incident::with_lock(paths, user.as_str(), || Ok(run_unlocked(paths, action)))
            .map_err(|e| Failure::Failed(format!("cannot lock {user}'s incident record: {e}")))?,
        None => run_unlocked(paths, action),
    }
}

fn run_unlocked(paths: &Paths, action: Action) -> Result<(), Failure> {
    match action {
        Action::Open(args) => open(paths, args),
        Action::Release { user, reset_password } => release(paths, &user, reset_password),
        Action::Show { user, json } => show(paths, &user, json),
        Action::List { json } => list(paths, json),
        Action::Reopen { user, force } => reopen(paths, &user, force),
        Action::Investigate { user } => investigate(paths, &user),
        Action::Edit(args) => edit(paths, args),
        Action::Close { user } => close(paths, &user),
    }
}

/// `incident open`: the record, the holds, then `suspendacct`.
fn open(paths: &Paths, args: OpenArgs) -> Result<(), Failure> {
    let OpenArgs {
        user,
        attack_time,
        exact,
        text: CaseText { vector, notes, contact, affected_dir },
        removed_files,
        from_maldet,
        from_imunify,
        no_suspend,
        scan,
        vulnerable,
    } = args;

    let user = user_arg(&user)?;
    let account_file = paths.cpanel_user_file(user.as_str());
    if !account_file.is_file() {
        return Err(Failure::Failed(format!(
            "{user} is not a cPanel account on this server ({} does not exist); check the name",
            account_file.display()
        )));
    }
    let attack_time = attack_time.map(|s| parse_attack_time(&s, exact)).transpose()?;
    let affected_dir = affected_dir.map(|d| affected_dir_arg(&d)).transpose()?;
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
    if let Some(old) = incident::load(paths, user.as_str()).map_err(|e| Failure::Failed(e.to_string()))?
        && matches!(old.status, Status::Investigating | Status::AwaitingCustomer)
    {
        return Err(Failure::Failed(format!(
            "{user} already has an open incident ({:?}); use `incident investigate` or `incident close`",
            old.status
        )));
    }
    let inc = Incident {
        version: incident::RECORD_VERSION,
        id: incident::new_id(),
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
        audit_anchor: None,
        vulnerable,
    };
    save(paths, &inc)?;
    if scan {
        scan_evidence(paths, &user)?;
    }
    // The holds go in while the account is still active, before `suspendacct`: it swaps
    // the FTP user file and locks mail and Web Disk itself, and `unsuspendacct` restores
    // exactly what it found, so only holds placed first survive the release.
    holds::apply(paths, &user, &as_user(paths, &user), Source::Admin).map_err(|e| Failure::Failed(e.to_string()))?;
    if !no_suspend {
        run_script(paths, "suspendacct", &[user.as_str(), "Security incident: under investigation"])?;
    }
    admin_audit(paths, &user, Event::IncidentOpened, "ok", &[])?;
    println!("opened incident for {user}; status investigating");
    Ok(())
}

/// `incident release`: `unsuspendacct`, root's evidence of the release, the customer's e-mail.
fn release(paths: &Paths, user: &str, reset_password: bool) -> Result<(), Failure> {
    let user = user_arg(user)?;
    let mut inc = load(paths, &user)?;
    if inc.status != Status::Investigating {
        return Err(Failure::Failed(format!("{user}'s incident is {:?}, not investigating", inc.status)));
    }
    let t = as_user(paths, &user);
    // The holds were put in place at `incident open`; a case opened before they were
    // gets them now (while suspended they cannot reach FTP: see `incident open`).
    if holds::load(paths, &user).map_err(|e| Failure::Failed(format!("cannot read the hold record: {e}")))?.is_none() {
        holds::apply(paths, &user, &t, Source::Admin).map_err(|e| Failure::Failed(e.to_string()))?;
    }
    // Release is `unsuspendacct` only: it restores the suspended crontab too, so the
    // persistence review (cron jobs) runs after this, on what is really there.
    run_script(paths, "unsuspendacct", &[user.as_str()])?;
    let new_password = if reset_password { Some(reset_account_password(paths, &user)?) } else { None };
    // Root's own record of every credential's hash (and the WordPress salts and the
    // backups) as they are now: the reopen gate compares against it, not against
    // anything the customer writes. Taken after `unsuspendacct`, which puts the FTP
    // user file back.
    crate::evidence::gate::take(paths, &user, &inc, &t).map_err(|e| {
        Failure::Failed(format!(
            "{user} is unsuspended with every hold in place, but root could not record the evidence the reopen needs: {e}. Fix that and run `incident release {user}` again"
        ))
    })?;
    inc.status = Status::AwaitingCustomer;
    inc.released_at = Some(OffsetDateTime::now_utc());
    save(paths, &inc)?;
    admin_audit(paths, &user, Event::IncidentReleased, "ok", &[])?;
    // The log's head, kept outside the log: a later cut is detected even with its head.
    inc.audit_anchor = crate::audit::head(paths, &user)
        .map_err(|e| Failure::Failed(format!("cannot read the audit log's head: {e}")))?;
    save(paths, &inc)?;
    println!("released {user}: cPanel login allowed; websites, mail and FTP logins stay closed until reopen");
    // What the host's scanners say now, for the customer's page (the reopen reads it again).
    match home_of(paths, &user) {
        Ok(home) => {
            let host = crate::sweep::host::refresh_record(paths, user.as_str(), &home);
            for n in &host.notes {
                eprintln!("secure-reopen: note: {n}");
            }
            if !host.hits.is_empty() {
                println!("the host's scanners flag {} file(s); the customer's page lists them", host.hits.len());
            }
        }
        Err(Failure::Failed(e) | Failure::Usage(e)) => {
            eprintln!("secure-reopen: warning: the host scanners' reports were not read: {e}")
        }
    }
    if let Some(pw) = new_password {
        println!(
            "new cPanel password for {user} (give it to the customer by phone or in person; it is not stored): {}",
            pw.expose()
        );
    }
    match mail_customer(paths, &user, &inc, &t) {
        Ok((to, note)) => {
            println!("e-mailed the customer at {to}");
            if let Some(n) = note {
                eprintln!("secure-reopen: note: {n}");
            }
        }
        Err(e) => eprintln!("secure-reopen: warning: the customer was not e-mailed: {e}"),
    }
    Ok(())
}

/// `incident show`.
fn show(paths: &Paths, user: &str, json: bool) -> Result<(), Failure> {
    let user = user_arg(user)?;
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
        for v in &inc.vulnerable {
            println!("vulnerable:    {}:{} below {}", v.kind.as_str(), v.slug, v.fixed);
        }
        println!("removed files: {}", inc.removed_files.len());
        let held = holds::load(paths, &user).ok().flatten();
        println!("holds:         {}", if held.is_some() { "in place" } else { "none" });
    }
    Ok(())
}

/// `incident list`.
fn list(paths: &Paths, json: bool) -> Result<(), Failure> {
    let dir = paths.incidents_dir();
    let mut all = Vec::new();
    for r in incident::list_all(paths).map_err(|e| Failure::Failed(format!("cannot read {}: {e}", dir.display())))? {
        match r {
            Ok(i) => all.push(i),
            Err((user, e)) => eprintln!("secure-reopen: warning: {user}: {e}"),
        }
    }
    if json {
        let v: Vec<Value> = all
            .iter()
            .map(|i| json!({"user": i.user, "status": i.status, "opened_at": fmt(Some(i.opened_at)), "released_at": i.released_at.map(|t| fmt(Some(t)))}))
            .collect();
        println!("{}", serde_json::to_string_pretty(&v).expect("list serializes"));
    } else if all.is_empty() {
        println!("no incidents");
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

/// `incident reopen --force`: lifts every hold without the checklist (audited).
fn reopen(paths: &Paths, user: &str, force: bool) -> Result<(), Failure> {
    let user = user_arg(user)?;
    if !force {
        return Err(Failure::Usage("reopening without the customer's checks needs --force (it is audited)".into()));
    }
    let mut inc = load(paths, &user)?;
    if matches!(inc.status, Status::Reopened | Status::Closed) {
        return Err(Failure::Failed(format!("{user}'s incident is already {}", status_word(inc.status))));
    }
    let t = as_user(paths, &user);
    if inc.status == Status::Investigating {
        run_script(paths, "unsuspendacct", &[user.as_str()])?;
    }
    holds::lift(paths, &user, &t, Source::Admin).map_err(|e| Failure::Failed(e.to_string()))?;
    inc.status = Status::Reopened;
    save(paths, &inc)?;
    admin_audit(paths, &user, Event::ReopenForced, "ok", &[])?;
    println!("reopened {user} without the checklist (forced, audited)");
    Ok(())
}

/// `incident investigate`: suspend again with the holds back.
fn investigate(paths: &Paths, user: &str) -> Result<(), Failure> {
    let user = user_arg(user)?;
    let mut inc = load(paths, &user)?;
    if inc.status == Status::Investigating {
        return Err(Failure::Failed(format!("{user}'s incident is already under investigation")));
    }
    holds::apply(paths, &user, &as_user(paths, &user), Source::Admin).map_err(|e| Failure::Failed(e.to_string()))?;
    run_script(paths, "suspendacct", &[user.as_str(), "Security incident: under investigation"])?;
    inc.status = Status::Investigating;
    inc.released_at = None;
    save(paths, &inc)?;
    admin_audit(paths, &user, Event::IncidentInvestigating, "ok", &[])?;
    println!("{user} is suspended again and under investigation");
    Ok(())
}

/// `--attack-time`, exact or approximate.
fn parse_attack_time(s: &str, exact: bool) -> Result<AttackTime, Failure> {
    OffsetDateTime::parse(s, &Rfc3339)
        .map(|at| AttackTime { at, precision: if exact { Precision::Exact } else { Precision::Approximate } })
        .map_err(|e| Failure::Usage(format!("--attack-time {s:?} is not RFC 3339 (e.g. 2026-11-18T03:12:00Z): {e}")))
}

/// `--affected-dir`: a plain folder below the home directory.
fn affected_dir_arg(d: &str) -> Result<String, Failure> {
    incident::plain_folder(d).ok_or_else(|| {
        Failure::Usage(format!("--affected-dir {d:?} must be a folder below the home directory, e.g. public_html/shop"))
    })
}

/// `incident close`: only a reopened case.
fn close(paths: &Paths, user: &str) -> Result<(), Failure> {
    let user = user_arg(user)?;
    let mut inc = load(paths, &user)?;
    if inc.status != Status::Reopened {
        return Err(Failure::Failed(format!(
            "{user}'s incident is {}; only a reopened case can be closed",
            status_word(inc.status)
        )));
    }
    inc.status = Status::Closed;
    save(paths, &inc)?;
    admin_audit(paths, &user, Event::IncidentClosed, "ok", &[])?;
    println!("closed {user}'s incident");
    Ok(())
}

/// A new strong cPanel password for `user`, set as root through WHM and audited (the
/// password itself never is).
fn reset_account_password(paths: &Paths, user: &UserName) -> Result<crate::passwords::Secret, Failure> {
    let pw = crate::passwords::generate_strong(&[user.as_str()]);
    let result = crate::whm::set_account_password(paths, user, pw.expose());
    let (res, why) = match &result {
        Ok(()) => ("ok", String::new()),
        Err(e) => ("failed", e.clone()),
    };
    let extra: Vec<(&str, &str)> = if why.is_empty() { Vec::new() } else { vec![("why", why.as_str())] };
    admin_audit(paths, user, Event::AccountPasswordReset, res, &extra)?;
    result.map_err(|e| Failure::Failed(format!("could not set a new cPanel password for {user}: {e}")))?;
    Ok(pw)
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
    let (report, host) =
        crate::sweep::scan::run_with_host_for(paths, &home, &home, &Default::default(), Some(user.as_str()));
    let v = crate::sweep::scan::to_json(&home, &report, t.elapsed().as_secs_f64());
    let file = crate::sweep::scan::evidence_file(paths, user.as_str());
    crate::fsutil::write_json(&file, &v, 0o600)
        .map_err(|e| Failure::Failed(format!("cannot write the scan evidence {}: {e}", file.display())))?;
    // What the host's scanners said: the customer's page lists it, the reopen checks it again.
    crate::sweep::host::save_record(paths, user.as_str(), &host).map_err(|e| {
        let at = crate::sweep::host::record_file(paths, user.as_str());
        Failure::Failed(format!("cannot write the host scanners' record {}: {e}", at.display()))
    })?;
    let n = report.findings.len().to_string();
    admin_audit(paths, user, Event::IncidentScanned, "ok", &[("findings", n.as_str())])?;
    println!("scan: {n} findings in {} entries; evidence kept in {}", report.files_seen, file.display());
    for f in report.findings.iter().take(10) {
        println!("  {:<8} {}", f.danger().as_str(), f.path);
    }
    Ok(())
}

pub(super) fn home_of(paths: &Paths, user: &UserName) -> Result<PathBuf, Failure> {
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

/// Tells the customer, in their language, that they can log in and secure the account, with the
/// case's facts. Returns the address written to and, when the first contact address was passed
/// over, why.
fn mail_customer(
    paths: &Paths,
    user: &UserName,
    inc: &Incident,
    t: &dyn crate::uapi::Transport,
) -> Result<(String, Option<String>), String> {
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
    let (to, note) = notify::customer_recipient(&info)?;
    let cfg = notify::Config::load(paths)?;
    let tx = lang.texts();
    let facts = crate::i18n::ReleaseFacts {
        user: user.as_str(),
        attack_time: inc.attack_time.as_ref().map(|a| {
            let utc = a.at.to_offset(time::UtcOffset::UTC);
            format!(
                "{} UTC",
                utc.format(time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]"))
                    .unwrap_or_default()
            )
        }),
        approximate: inc.attack_time.as_ref().is_some_and(|a| a.precision == Precision::Approximate),
        vector: inc.vector.as_deref(),
        removed_files: &inc.removed_files,
    };
    notify::send(
        paths,
        &cfg,
        &notify::Message { to: &to, subject: tx.mail_release_subject, body: &(tx.mail_release_body)(&facts) },
    )?;
    Ok((to, note))
}
