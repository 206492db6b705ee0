//! The `mysql` and `psql` command-line clients as root uses them on a cPanel server, played
//! against the simulator's account state (`accounts.json`; the shims in the fake root set
//! `CPANEL_SIM_STATE`). Only what a client run can do is modelled:
//!
//! - root (no user given: the real client then reads `/root/.my.cnf`) may `SELECT User,
//!   authentication_string FROM mysql.user WHERE …` (and `SELECT usename, passwd FROM
//!   pg_shadow WHERE …` for PostgreSQL); the `WHERE` is honoured for `= 'name'` and
//!   `LIKE 'prefix\_%'`; rows are tab-separated, as `--batch --skip-column-names` prints them;
//! - any other user must give the right password (MySQL: `--defaults-extra-file=FILE` with a
//!   `[client]` group holding `user=` and `password=`, as the real client reads it; PostgreSQL:
//!   `PGPASSFILE`-style is not modelled), else `ERROR 1045 (28000): Access denied…`, exit 1;
//!   a logged-in user may run `SELECT 1`; any other query of a logged-in user goes to the
//!   simulator's real MariaDB when it runs one (`--wordpress real`: the sites' own tables), and
//!   otherwise fails as a server without that database does (`ERROR 1049`).
//!
//! Passwords never appear on the command line: the real clients warn about that, and so does
//! this one (`-p…` is refused).

use std::path::Path;

use crate::state::{DbUser, World};

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Mysql,
    Postgres,
}

struct Run {
    user: Option<String>,
    password: Option<String>,
    query: Option<String>,
    database: Option<String>,
}

/// The file naming the real MariaDB's socket, when the simulator runs one.
pub fn socket_file(state_dir: &Path) -> std::path::PathBuf {
    state_dir.join("mariadb-socket")
}

fn parse(args: &[String]) -> Result<Run, String> {
    let mut run = Run { user: None, password: None, query: None, database: None };
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if let Some(f) = a.strip_prefix("--defaults-extra-file=") {
            let text =
                std::fs::read_to_string(f).map_err(|e| format!("Could not open required defaults file: {f}: {e}"))?;
            let mut in_client = false;
            for line in text.lines().map(str::trim) {
                if line.starts_with('[') {
                    in_client = line == "[client]";
                } else if let Some((k, v)) = line.split_once('=').filter(|_| in_client) {
                    let v = unquote(v.trim());
                    match k.trim() {
                        "user" => run.user = Some(v),
                        "password" => run.password = Some(v),
                        _ => {}
                    }
                }
            }
        } else if let Some(u) = a.strip_prefix("--user=") {
            run.user = Some(u.to_owned());
        } else if a == "-u" || a == "-U" {
            run.user = it.next().cloned();
        } else if a == "-e" || a == "-c" {
            run.query = it.next().cloned();
        } else if let Some(d) = a.strip_prefix("--database=") {
            run.database = Some(d.to_owned());
        } else if a == "-D" {
            run.database = it.next().cloned();
        } else if let Some(q) = a.strip_prefix("--execute=") {
            run.query = Some(q.to_owned());
        } else if a.starts_with("-p") || a.starts_with("--password") {
            return Err("refusing a password on the command line (visible in the process list)".into());
        }
    }
    Ok(run)
}

/// An option file value: `"…"` with `\\` and `\"` escapes, or bare.
fn unquote(v: &str) -> String {
    let Some(inner) = v.strip_prefix('"').and_then(|v| v.strip_suffix('"')) else { return v.to_owned() };
    let mut out = String::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            out.extend(chars.next());
        } else {
            out.push(c);
        }
    }
    out
}

/// `'name'` literals of a WHERE clause: exact names and `prefix\_%` patterns.
fn wanted(query: &str) -> Vec<(String, bool)> {
    let lower = query.to_ascii_lowercase();
    let Some(w) = lower.find(" where ") else { return Vec::new() };
    let mut out = Vec::new();
    let mut rest = &query[w..];
    while let Some(i) = rest.find('\'') {
        let after = &rest[i + 1..];
        let Some(j) = after.find('\'') else { break };
        let lit = &after[..j];
        match lit.strip_suffix("\\_%").or_else(|| lit.strip_suffix("_%")) {
            Some(prefix) => out.push((format!("{}_", prefix.replace("\\\\", "")), true)),
            None => out.push((lit.to_owned(), false)),
        }
        rest = &after[j + 1..];
    }
    out
}

fn users(world: &World, engine: Engine) -> impl Iterator<Item = &DbUser> {
    world.accounts.values().flat_map(move |a| match engine {
        Engine::Mysql => a.mysql_users.iter(),
        Engine::Postgres => a.postgres_users.iter(),
    })
}

/// Runs one client invocation: (exit code, stdout, stderr).
pub fn run(engine: Engine, state_dir: &Path, args: &[String]) -> (i32, String, String) {
    let run = match parse(args) {
        Ok(r) => r,
        Err(e) => return (1, String::new(), format!("ERROR: {e}\n")),
    };
    let world = match World::load(state_dir) {
        Ok(Some(w)) => w,
        _ => return (1, String::new(), "ERROR 2002 (HY000): Can't connect to local server\n".into()),
    };
    let query = run.query.unwrap_or_default();
    match run.user.as_deref() {
        None | Some("root") | Some("postgres") => {
            let lower = query.to_ascii_lowercase();
            let table_ok = match engine {
                Engine::Mysql => lower.contains("authentication_string") && lower.contains("from mysql.user"),
                Engine::Postgres => lower.contains("passwd") && lower.contains("from pg_shadow"),
            };
            if !table_ok {
                return (1, String::new(), "ERROR 1064 (42000): the simulator models only the hash query\n".into());
            }
            let want = wanted(&query);
            let rows: String = users(&world, engine)
                .filter(|u| want.iter().any(|(n, prefix)| if *prefix { u.user.starts_with(n) } else { u.user == *n }))
                .map(|u| format!("{}\t{}\n", u.user, u.password.encoded()))
                .collect();
            (0, rows, String::new())
        }
        Some(user) => {
            let ok = run
                .password
                .as_deref()
                .is_some_and(|pw| users(&world, engine).any(|u| u.user == user && u.password.matches(pw)));
            if !ok {
                let msg = match engine {
                    Engine::Mysql => format!(
                        "ERROR 1045 (28000): Access denied for user '{user}'@'localhost' (using password: {})\n",
                        if run.password.is_some() { "YES" } else { "NO" }
                    ),
                    Engine::Postgres => format!("psql: FATAL:  password authentication failed for user \"{user}\"\n"),
                };
                return (1, String::new(), msg);
            }
            if query.trim().eq_ignore_ascii_case("select 1") {
                (0, "1\n".into(), String::new())
            } else {
                let pw = run.password.as_deref().unwrap_or_default();
                real_query(state_dir, user, pw, run.database.as_deref(), &query)
            }
        }
    }
}

/// A logged-in user's query on the real MariaDB (`--wordpress real`), as its client prints it.
fn real_query(state_dir: &Path, user: &str, password: &str, db: Option<&str>, query: &str) -> (i32, String, String) {
    let unknown = || {
        let name = db.unwrap_or("(none)");
        (1, String::new(), format!("ERROR 1049 (42000): Unknown database '{name}'\n"))
    };
    let Ok(socket) = std::fs::read_to_string(socket_file(state_dir)) else { return unknown() };
    let Some(client) = crate::mariadb::tool("mariadb") else { return unknown() };
    use std::io::Write;
    let mut cmd = std::process::Command::new(client);
    // The password goes through stdin as an option file, never argv or the environment.
    cmd.args(["--defaults-extra-file=/dev/stdin", "--batch", "--skip-column-names"]).arg(format!("--socket={socket}"));
    if let Some(d) = db {
        cmd.arg(format!("--database={d}"));
    }
    cmd.args(["-e", query])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let Ok(mut child) = cmd.spawn() else { return unknown() };
    let quote = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
    if let Some(mut stdin) = child.stdin.take() {
        let _ = write!(stdin, "[client]\nuser=\"{}\"\npassword=\"{}\"\n", quote(user), quote(password));
    }
    match child.wait_with_output() {
        Ok(o) => (
            o.status.code().unwrap_or(1),
            String::from_utf8_lossy(&o.stdout).into_owned(),
            String::from_utf8_lossy(&o.stderr).into_owned(),
        ),
        Err(_) => unknown(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn where_clause_names_and_prefixes() {
        let w =
            wanted("SELECT User, authentication_string FROM mysql.user WHERE User = 'demo' OR User LIKE 'demo\\_%'");
        assert_eq!(w, vec![("demo".to_string(), false), ("demo_".to_string(), true)]);
    }
}
