//! Small file and random helpers of the simulator's own (it shares no code with the plugin).

use std::fs::{self, File};
use std::io::Write;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;

use rand::Rng;

/// Runs `f` holding cPanel's lock on `path` (`Cpanel::SafeFile::safelock`): `PATH.lock` holding
/// `PID\nNAME\n`, installed with `link()` from a temporary file beside it, waited for while its
/// process lives, replaced with `rename()` when that process is gone, removed afterwards. The
/// simulator waits at most `wait`, then goes on (cPanel breaks a lock after 196 s; a test's
/// lock must not hang the simulator).
pub fn with_safelock<T>(path: &Path, wait: std::time::Duration, f: impl FnOnce() -> T) -> std::io::Result<T> {
    let dir = path.parent().ok_or_else(|| std::io::Error::other("path has no parent"))?;
    fs::create_dir_all(dir)?;
    let lock = path.with_file_name(format!("{}.lock", path.file_name().unwrap_or_default().to_string_lossy()));
    let temp = path.with_file_name(format!(
        "{}.lock-{:x}-sim",
        path.file_name().unwrap_or_default().to_string_lossy(),
        rand::rng().random::<u64>()
    ));
    fs::write(&temp, format!("{}\ncpanel-sim\n", std::process::id()))?;
    let deadline = std::time::Instant::now() + wait;
    let mut ours = false;
    loop {
        if fs::hard_link(&temp, &lock).is_ok() {
            ours = true;
            break;
        }
        let holder =
            fs::read_to_string(&lock).ok().and_then(|t| t.lines().next().and_then(|l| l.trim().parse::<i32>().ok()));
        // SAFETY: signal 0 only asks whether the process exists.
        let alive = holder.is_some_and(|pid| pid > 0 && unsafe { libc::kill(pid, 0) } == 0);
        if !alive && fs::rename(&temp, &lock).is_ok() {
            ours = true;
            break;
        }
        if std::time::Instant::now() >= deadline {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    let out = f();
    if ours && fs::read_to_string(&lock).is_ok_and(|t| t.starts_with(&format!("{}\ncpanel-sim", std::process::id()))) {
        let _ = fs::remove_file(&lock);
    }
    let _ = fs::remove_file(&temp);
    Ok(out)
}

/// Writes a file atomically (temporary file, fsync, rename) with the given mode.
pub fn write_atomic(path: &Path, bytes: &[u8], mode: u32) -> std::io::Result<()> {
    let dir = path.parent().ok_or_else(|| std::io::Error::other("path has no parent"))?;
    fs::create_dir_all(dir)?;
    let mut tmp = tempfile::Builder::new().prefix(".tmp-").tempfile_in(dir)?;
    tmp.as_file().set_permissions(fs::Permissions::from_mode(mode))?;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// The eight key and salt constants of WordPress's `wp-config-sample.php`.
pub const WP_SALT_NAMES: [&str; 8] = [
    "AUTH_KEY",
    "SECURE_AUTH_KEY",
    "LOGGED_IN_KEY",
    "NONCE_KEY",
    "AUTH_SALT",
    "SECURE_AUTH_SALT",
    "LOGGED_IN_SALT",
    "NONCE_SALT",
];

/// A random password for demo accounts (cPanel itself never generates these).
pub fn random_password() -> String {
    const CHARS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789-_.!";
    let mut rng = rand::rng();
    (0..20).map(|_| CHARS[rng.random_range(0..CHARS.len())] as char).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    #[test]
    fn cpanels_lock_is_taken_released_and_a_stale_one_replaced() {
        let d = tempfile::tempdir().unwrap();
        let file = d.path().join("demo");
        let lock = d.path().join("demo.lock");
        let seen = with_safelock(&file, Duration::ZERO, || fs::read_to_string(&lock).unwrap()).unwrap();
        assert_eq!(seen, format!("{}\ncpanel-sim\n", std::process::id()));
        assert_eq!(fs::read_dir(d.path()).unwrap().count(), 0, "lock and temporary file removed");
        // A holder that is gone: replaced at once.
        let mut child = std::process::Command::new("true").spawn().unwrap();
        let dead = child.id();
        child.wait().unwrap();
        fs::write(&lock, format!("{dead}\nftpadmin\n")).unwrap();
        let t = Instant::now();
        with_safelock(&file, Duration::from_secs(5), || ()).unwrap();
        assert!(t.elapsed() < Duration::from_secs(4) && !lock.exists());
        // A live holder (this process, as another cPanel process): waited for, then passed.
        fs::write(&lock, format!("{}\nftpadmin\n", std::process::id())).unwrap();
        let t = Instant::now();
        with_safelock(&file, Duration::from_millis(300), || ()).unwrap();
        assert!(t.elapsed() >= Duration::from_millis(300) && lock.exists(), "someone else's lock stays");
    }
}
