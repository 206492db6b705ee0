//! Benchmark: rotate 10,000 mailboxes + 200 FTP accounts + 50 database users against the
//! simulator with 5 ms injected latency per request, in `Batch::strict` batches, beside a
//! one-call-per-credential baseline. Prints wall time and peak memory (VmHWM) of this process.
//!
//!     cargo run --release --example bench_rotation [-- MAILBOXES FTP DBUSERS BASELINE_SAMPLE]
//!
//! Loopback only. The baseline is measured on BASELINE_SAMPLE credentials (default: all).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::json;

use secure_reopen::passwords::apply::{self, Options};
use secure_reopen::passwords::plan::{CredentialId, Item, Kind};
use secure_reopen::passwords::{self};
use secure_reopen::uapi::http::{Auth, HttpOptions, HttpTransport};

fn vm_hwm_kib() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:").and_then(|v| v.trim().trim_end_matches(" kB").trim().parse().ok()))
        .unwrap_or(0)
}

/// User + system CPU seconds of this process (the plugin's side of the rotation).
fn own_cpu() -> f64 {
    let mut ru: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: RUSAGE_SELF with a valid, writable rusage.
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut ru) };
    let tv = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    tv(ru.ru_utime) + tv(ru.ru_stime)
}

/// The simulator's CPU seconds (user + system) and bytes written, from /proc: its share of the
/// rotation, which noise on a busy machine disturbs much less than wall time.
fn sim_usage(pid: u32) -> (f64, u64) {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let after_comm = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let f: Vec<&str> = after_comm.split_whitespace().collect();
    // Fields 14 and 15 of stat (utime, stime) are the 12th and 13th after the command name.
    let ticks: f64 = [11, 12].iter().filter_map(|&i| f.get(i).and_then(|v| v.parse::<f64>().ok())).sum();
    // SAFETY: sysconf has no preconditions.
    let hz = unsafe { libc::sysconf(libc::_SC_CLK_TCK) }.max(1) as f64;
    let io = std::fs::read_to_string(format!("/proc/{pid}/io")).unwrap_or_default();
    let wchar = io.lines().find_map(|l| l.strip_prefix("wchar:")).and_then(|v| v.trim().parse().ok()).unwrap_or(0);
    (ticks / hz, wchar)
}

fn main() {
    let args: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let (n_mail, n_ftp, n_db) = (
        args.first().copied().unwrap_or(10_000),
        args.get(1).copied().unwrap_or(200),
        args.get(2).copied().unwrap_or(50),
    );
    let sample = args.get(3).copied().unwrap_or(n_mail + n_ftp + n_db);
    let dir = tempfile::tempdir().unwrap();
    let domain = "big-shop.example";
    let mailboxes: Vec<_> = (0..n_mail)
        .map(|i| json!({"email": format!("user{i}@{domain}"), "password_plain": format!("Old-pass-{i}-xyz")}))
        .collect();
    let ftp: Vec<_> = (0..n_ftp)
        .map(|i| json!({"user": format!("ftp{i}@{domain}"), "kind": "sub", "homedir": "/tmp", "password_plain": format!("Old-ftp-{i}-xyz")}))
        .collect();
    let db: Vec<_> = (0..n_db)
        .map(|i| json!({"user": format!("big_db{i}"), "password_plain": format!("Old-db-{i}-xyz"), "databases": []}))
        .collect();
    let scenario = json!({"accounts": {"big": {
        "user": "big", "password_plain": "Bench-Account-Pass-2026", "locale": "en", "contact_email": "owner@big-shop.example",
        "home": "/tmp", "main_domain": {"domain": domain, "documentroot": "/nonexistent", "php_version": "ea-php83"},
        "mailboxes": mailboxes, "ftp": ftp, "mysql_users": db, "strength": {"pop": 10, "ftp": 10, "mysql": 10}
    }}});
    let file = dir.path().join("big.json");
    std::fs::write(&file, scenario.to_string()).unwrap();
    let exe = std::env::current_exe().unwrap();
    let sim_bin: PathBuf = exe.parent().unwrap().parent().unwrap().join("cpanel-sim");
    let ready = dir.path().join("ready.json");
    let mut child = Command::new(&sim_bin)
        .args(["--listen", "127.0.0.1:0", "--latency-ms", "5"])
        .arg("--scenario")
        .arg(&file)
        .arg("--state-dir")
        .arg(dir.path().join("state"))
        .arg("--ready-file")
        .arg(&ready)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("build the simulator first: cargo build --release --workspace --bins");
    let sim_pid = child.id();
    let deadline = Instant::now() + Duration::from_secs(120);
    let url = loop {
        if let Ok(v) = std::fs::read(&ready).map(|b| serde_json::from_slice::<serde_json::Value>(&b))
            && let Ok(v) = v
        {
            break v["url"].as_str().unwrap().to_owned();
        }
        assert!(Instant::now() < deadline, "simulator not ready");
        std::thread::sleep(Duration::from_millis(50));
    };
    let t = HttpTransport::new(
        &url,
        Auth::Basic { user: "big".into(), password: "Bench-Account-Pass-2026".into() },
        HttpOptions::default(),
    )
    .unwrap();

    let mut items = Vec::new();
    items.extend((0..n_mail).map(|i| CredentialId { kind: Kind::Email, login: format!("user{i}@{domain}") }));
    items.extend((0..n_ftp).map(|i| CredentialId { kind: Kind::Ftp, login: format!("ftp{i}@{domain}") }));
    items.extend((0..n_db).map(|i| CredentialId { kind: Kind::Mysql, login: format!("big_db{i}") }));
    let items: Vec<Item> =
        items.into_iter().map(|id| Item { id, password: passwords::generate(), custom: false }).collect();

    let configs = BTreeMap::new();
    let run = |label: &str, items: &[Item], batch: usize| {
        let state = tempfile::tempdir().unwrap();
        let home = PathBuf::from("/tmp");
        let o = Options {
            home: &home,
            state_dir: state.path(),
            plan_id: label,
            current_cpanel: None,
            configs: &configs,
            unreadable: &BTreeMap::new(),
            missing: &[],
            batch,
            before_cpanel: &|_| {},
        };
        let start = Instant::now();
        let cpu0 = own_cpu();
        let (sim_cpu0, sim_w0) = sim_usage(sim_pid);
        let rec = apply::apply(&t, items, &o).unwrap().record;
        let took = start.elapsed();
        let (sim_cpu1, sim_w1) = sim_usage(sim_pid);
        let cpu = own_cpu() - cpu0;
        let c = rec.counts();
        let (done, failed, pending) = (c.done, c.failed, c.pending + c.unknown);
        let n = items.len().max(1) as f64;
        println!(
            "{label:<28} {:>6} credentials  {:>8.2} s  {:>7.1} µs per credential (plugin CPU {:>5.1} µs, simulator CPU {:>6.1} µs, simulator wrote {:>7.0} B)  done {done} failed {failed} pending {pending}",
            items.len(),
            took.as_secs_f64(),
            took.as_secs_f64() * 1e6 / n,
            cpu * 1e6 / n,
            (sim_cpu1 - sim_cpu0) * 1e6 / n,
            sim_w1.saturating_sub(sim_w0) as f64 / n,
        );
        took
    };
    let batched = run("batched (200 per request)", &items, 200);
    println!("peak memory while applying (VmHWM): {} KiB", vm_hwm_kib());
    // The digest runs in phase 1, in another request; its 19 MiB are measured apart.
    let digest_start = Instant::now();
    let _ = secure_reopen::passwords::plan::digest("bench", &items).unwrap();
    let digest_time = digest_start.elapsed();
    println!(
        "plan digest (argon2id m=19 MiB t=2 p=1, one per plan of {}): {:.1} ms",
        items.len(),
        digest_time.as_secs_f64() * 1000.0
    );
    let base = run("one call per credential", &items[..sample.min(items.len())], 1);
    if sample < items.len() {
        println!(
            "baseline extrapolated to {}: {:.1} s",
            items.len(),
            base.as_secs_f64() * items.len() as f64 / sample as f64
        );
    }
    println!(
        "batched is {:.1}x faster per credential",
        (base.as_secs_f64() / sample as f64) / (batched.as_secs_f64() / items.len() as f64)
    );
    let _ = child.kill();
    let _ = child.wait();
}
