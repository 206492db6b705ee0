//! Root's own look at the account's databases, through the database servers' standard
//! clients with a timeout:
//!
//! - hashes: `mysql` as root (credentials from `/root/.my.cnf`, as cPanel keeps them)
//!   selects `authentication_string` of the account's users (`USER` and `USER_…`, cPanel's
//!   database prefix); `psql -U postgres` selects `pg_shadow.passwd` the same way;
//! - logins: `mysql` with a site config's user and password, to prove the site can connect.
//!   The password reaches the client through an inherited pipe named as
//!   `--defaults-extra-file=/dev/fd/3`: never on the command line, in the environment or in
//!   a file.
//!
//! A server without the client (no such service) has no credentials of that kind.

use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::hashes::{CredKind, Credential, normalise};
use crate::paths::Paths;
use crate::user::UserName;

pub const TIMEOUT: Duration = Duration::from_secs(20);
const MAX_OUTPUT: u64 = 16 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Mysql,
    Postgres,
}

fn client(paths: &Paths, engine: Engine) -> PathBuf {
    let name = match engine {
        Engine::Mysql => "usr/bin/mysql",
        Engine::Postgres => "usr/bin/psql",
    };
    paths.root().join(name)
}

/// A finished client run.
struct Output {
    ok: bool,
    stdout: Vec<u8>,
    stderr: Vec<u8>,
}

/// Runs `cmd` with a deadline, reading both pipes while it runs (bounded), and optionally
/// handing `secret` to the child on fd 3.
fn run(mut cmd: Command, secret: Option<&[u8]>, timeout: Duration) -> Result<Output, String> {
    cmd.stdin(Stdio::null()).stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut keep = None;
    if let Some(secret) = secret {
        let (r, mut w) = std::io::pipe().map_err(|e| format!("cannot make a pipe: {e}"))?;
        // Small (a few hundred bytes): fits the pipe's buffer, so writing cannot block.
        w.write_all(secret).map_err(|e| format!("cannot write to the pipe: {e}"))?;
        drop(w);
        use std::os::fd::AsRawFd;
        use std::os::unix::process::CommandExt;
        let fd = r.as_raw_fd();
        // SAFETY: dup2 is async-signal-safe; it gives the child the pipe's read end as fd 3
        // (dup2 clears close-on-exec on the new descriptor).
        unsafe {
            cmd.pre_exec(move || if libc::dup2(fd, 3) < 0 { Err(std::io::Error::last_os_error()) } else { Ok(()) });
        }
        keep = Some(r);
    }
    let mut child = cmd.spawn().map_err(|e| format!("cannot run {:?}: {e}", cmd.get_program()))?;
    drop(keep);
    let mut out = child.stdout.take().expect("piped");
    let mut err = child.stderr.take().expect("piped");
    let t_out = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = (&mut out).take(MAX_OUTPUT).read_to_end(&mut b);
        b
    });
    let t_err = std::thread::spawn(move || {
        let mut b = Vec::new();
        let _ = (&mut err).take(64 << 10).read_to_end(&mut b);
        b
    });
    let deadline = Instant::now() + timeout;
    let status = match crate::child::wait_until(&mut child, deadline) {
        Ok(Some(st)) => st,
        Ok(None) => return Err(format!("{:?} did not answer within {} s", cmd.get_program(), timeout.as_secs())),
        Err(e) => return Err(format!("cannot wait for {:?}: {e}", cmd.get_program())),
    };
    Ok(Output {
        ok: status.success(),
        stdout: t_out.join().unwrap_or_default(),
        stderr: t_err.join().unwrap_or_default(),
    })
}

/// The account's database users and their stored hashes.
pub fn hashes(paths: &Paths, user: &UserName, engine: Engine) -> Result<Vec<Credential>, String> {
    let prog = client(paths, engine);
    if !prog.exists() {
        return Ok(Vec::new());
    }
    // UserName is letters and digits only (checked at the edge), so it is safe in SQL text.
    let u = user.as_str();
    let mut cmd = Command::new(&prog);
    let kind = match engine {
        Engine::Mysql => {
            cmd.args(["--batch", "--skip-column-names", "--connect-timeout=10", "-e"]).arg(format!(
                "SELECT User, authentication_string FROM mysql.user WHERE User = '{u}' OR User LIKE '{u}\\_%'"
            ));
            CredKind::Mysql
        }
        Engine::Postgres => {
            cmd.args(["-U", "postgres", "-X", "-A", "-t", "-F", "\t", "-c"])
                .arg(format!("SELECT usename, passwd FROM pg_shadow WHERE usename = '{u}' OR usename LIKE '{u}\\_%'"));
            CredKind::Postgres
        }
    };
    let out = run(cmd, None, TIMEOUT)?;
    if !out.ok {
        return Err(format!(
            "could not check the {} users: {}",
            kind.tag(),
            String::from_utf8_lossy(&out.stderr).lines().next().unwrap_or("the client failed")
        ));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let mut creds: Vec<Credential> = text
        .lines()
        .filter_map(|l| l.split_once('\t'))
        // The database server's own answer: still only names of this account.
        .filter(|(n, _)| *n == u || n.strip_prefix(u).is_some_and(|r| r.starts_with('_')))
        .map(|(n, h)| Credential { kind, name: n.to_owned(), hash: normalise(h.trim_end()).to_owned() })
        .collect();
    creds.sort_by(|a, b| a.name.cmp(&b.name));
    creds.dedup_by(|a, b| a.name == b.name && a.hash == b.hash);
    Ok(creds)
}

/// The client's option file for logging in as `db_user` (given on fd 3, never in argv).
fn login_options(db_user: &str, password: &str) -> zeroize::Zeroizing<String> {
    let quote = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
    zeroize::Zeroizing::new(format!(
        "[client]\nuser=\"{}\"\npassword=\"{}\"\nhost=localhost\n",
        quote(db_user),
        quote(password)
    ))
}

/// Whether `db_user` can log in to MySQL with `password` (on localhost, within the timeout).
/// `Err` when root could not find out (no client, timeout).
pub fn mysql_login(paths: &Paths, db_user: &str, password: &str) -> Result<bool, String> {
    let prog = client(paths, Engine::Mysql);
    if !prog.exists() {
        return Err(format!("could not check the database login: no MySQL client at {}", prog.display()));
    }
    let cnf = login_options(db_user, password);
    let mut cmd = Command::new(&prog);
    cmd.args([
        "--defaults-extra-file=/dev/fd/3",
        "--batch",
        "--skip-column-names",
        "--connect-timeout=10",
        "-e",
        "SELECT 1",
    ]);
    let out = run(cmd, Some(cnf.as_bytes()), TIMEOUT)?;
    if out.ok {
        return Ok(true);
    }
    let err = String::from_utf8_lossy(&out.stderr);
    if err.contains("ERROR 1045") || err.contains("Access denied") {
        Ok(false)
    } else {
        Err(format!("could not check the database login: {}", err.lines().next().unwrap_or("the client failed")))
    }
}

/// Runs `query` on `database` as `db_user` with `password` (the password through the pipe, as
/// for [`mysql_login`]): the rows, tab-separated. `Err` with the client's first line otherwise.
pub fn mysql_query_as(
    paths: &Paths,
    db_user: &str,
    password: &str,
    database: &str,
    query: &str,
) -> Result<String, String> {
    let prog = client(paths, Engine::Mysql);
    if !prog.exists() {
        return Err(format!("no MySQL client at {}", prog.display()));
    }
    let cnf = login_options(db_user, password);
    let mut cmd = Command::new(&prog);
    cmd.args(["--defaults-extra-file=/dev/fd/3", "--batch", "--skip-column-names", "--connect-timeout=10"])
        .arg(format!("--database={database}"))
        .args(["-e", query]);
    let out = run(cmd, Some(cnf.as_bytes()), TIMEOUT)?;
    if out.ok {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).lines().next().unwrap_or("the client failed").to_owned())
    }
}
