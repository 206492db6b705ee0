//! A private MariaDB server for the demo's real WordPress: Debian's `mariadbd` with its own data
//! folder and unix socket under the state directory, no network. It is started by `serve` (the
//! main thread, so the server gets SIGTERM when the simulator dies, even by SIGKILL) and stopped
//! when the simulator stops (Ctrl-C, SIGTERM). `Mysql::set_password` changes the real user's
//! password too, as cPanel's does.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The running server's socket, for `Mysql::set_password` and the site.
static SOCKET: OnceLock<PathBuf> = OnceLock::new();
/// The server process, stopped by `stop_all`.
static CHILD: Mutex<Option<Child>> = Mutex::new(None);

/// Where Debian puts a program, or `None`.
pub fn tool(name: &str) -> Option<PathBuf> {
    ["/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"]
        .iter()
        .map(|d| Path::new(d).join(name))
        .find(|p| p.is_file())
}

/// What is missing for a private MariaDB, in a sentence; `None` when everything is there.
pub fn missing() -> Option<String> {
    let absent: Vec<&str> =
        ["mariadbd", "mariadb-install-db", "mariadb"].into_iter().filter(|t| tool(t).is_none()).collect();
    (!absent.is_empty()).then(|| format!("{} not found (Debian package mariadb-server)", absent.join(", ")))
}

/// Children the simulator starts: their own process group (Ctrl-C in the terminal reaches only
/// the simulator, which stops them in order) and `signal` when the simulator dies (SIGTERM lets
/// MariaDB shut down cleanly; PHP's server ignores it and gets SIGKILL).
pub fn child_of_simulator(cmd: &mut Command, signal: i32) {
    use std::os::unix::process::CommandExt;
    cmd.process_group(0);
    // SAFETY: prctl is async-signal-safe; it only sets this child's parent-death signal.
    unsafe {
        cmd.pre_exec(move || {
            libc::prctl(libc::PR_SET_PDEATHSIG, signal);
            Ok(())
        });
    }
}

/// Starts the server on the data in `dir/data` (created on first use), waits until it answers.
pub fn start(dir: &Path) -> Result<(), String> {
    let data = dir.join("data");
    let mut socket = dir.join("mysqld.sock");
    if socket.as_os_str().len() > 100 {
        // A unix socket path is limited to 108 bytes: a short one named after the folder, so
        // a kept state (`demo.sh --keep`) finds it again in its wp-config.php.
        let h = dir
            .as_os_str()
            .as_encoded_bytes()
            .iter()
            .fold(0xcbf29ce484222325u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x100000001b3));
        socket = std::env::temp_dir().join(format!("cpanel-sim-{h:016x}.sock"));
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    // SAFETY: geteuid has no preconditions.
    let root = unsafe { libc::geteuid() } == 0;
    let need = |t: &str| tool(t).ok_or_else(|| format!("{t} is missing (Debian package mariadb-server)"));
    // A private tmpdir: bootstraps of several simulators sharing /tmp break each other.
    let tmp = dir.join("tmp");
    std::fs::create_dir_all(&tmp).map_err(|e| format!("cannot create {}: {e}", tmp.display()))?;
    if !data.join("mysql").is_dir() {
        let mut install = Command::new(need("mariadb-install-db")?);
        install
            .arg("--no-defaults")
            .arg(format!("--datadir={}", data.display()))
            .arg(format!("--tmpdir={}", tmp.display()))
            .args(["--skip-test-db", "--auth-root-authentication-method=socket"]);
        if root {
            install.arg("--user=root");
        }
        let out = install.output().map_err(|e| format!("cannot run mariadb-install-db: {e}"))?;
        if !out.status.success() {
            return Err(format!("mariadb-install-db failed: {}", String::from_utf8_lossy(&out.stderr)));
        }
    }
    let _ = std::fs::remove_file(&socket);
    let mut server = Command::new(need("mariadbd")?);
    server
        .arg("--no-defaults")
        .arg(format!("--datadir={}", data.display()))
        .arg(format!("--tmpdir={}", tmp.display()))
        .arg(format!("--socket={}", socket.display()))
        .arg(format!("--pid-file={}", dir.join("mariadb.pid").display()))
        .arg(format!("--log-error={}", dir.join("error.log").display()))
        .args(["--skip-networking", "--innodb-buffer-pool-size=16M", "--innodb-log-file-size=8M"]);
    if root {
        server.arg("--user=root");
    }
    child_of_simulator(&mut server, libc::SIGTERM);
    let mut child = server
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("cannot start mariadbd: {e}"))?;
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if socket.exists() && sql_on(&socket, "SELECT 1").is_ok() {
            break;
        }
        if let Ok(Some(st)) = child.try_wait() {
            let log = std::fs::read_to_string(dir.join("error.log")).unwrap_or_default();
            return Err(format!(
                "mariadbd exited early ({st}): {}",
                log.lines().rev().take(5).collect::<Vec<_>>().join(" | ")
            ));
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            return Err("mariadbd did not answer within 60 s".into());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    *CHILD.lock().expect("mariadb child") = Some(child);
    let _ = SOCKET.set(socket);
    Ok(())
}

/// The socket of the running server.
pub fn socket() -> Option<&'static Path> {
    SOCKET.get().map(PathBuf::as_path)
}

/// Runs SQL as MariaDB's root (socket authentication); the SQL goes through stdin, never argv.
pub fn sql(sql: &str) -> Result<String, String> {
    sql_on(socket().ok_or("no MariaDB is running")?, sql)
}

fn sql_on(socket: &Path, sql: &str) -> Result<String, String> {
    let client = tool("mariadb").ok_or("mariadb (the client) is missing")?;
    let mut child = Command::new(client)
        .arg("--no-defaults")
        .arg(format!("--socket={}", socket.display()))
        .args(["-u", "root", "-N", "-B"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| e.to_string())?;
    child.stdin.take().expect("stdin").write_all(sql.as_bytes()).map_err(|e| e.to_string())?;
    let out = child.wait_with_output().map_err(|e| e.to_string())?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(String::from_utf8_lossy(&out.stderr).trim().to_owned())
    }
}

/// A string literal for SQL.
pub fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// `Mysql::set_password`'s effect on the real server, when one runs (cPanel's users are
/// `user@localhost`). `Ok` without a server.
pub fn set_password(user: &str, password: &str) -> Result<(), String> {
    if socket().is_none() {
        return Ok(());
    }
    sql(&format!("ALTER USER {}@'localhost' IDENTIFIED BY {};", quote(user), quote(password)))
        .map(drop)
        .map_err(|e| format!("The system could not set the password of the database user “{user}”: {e}"))
}

/// Stops the server cleanly (SIGTERM, then waits up to 30 s).
pub fn stop() {
    if let Some(mut child) = CHILD.lock().expect("mariadb child").take() {
        // SAFETY: kill with a pid we own.
        unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = child.kill();
        let _ = child.wait();
    }
}
