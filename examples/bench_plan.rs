//! Benchmark: the password plan page at 100 / 1,000 / 10,000 credentials, and the plan's
//! argon2id digest beside the reference `argon2` tool (Debian package `argon2`), in one run.
//!
//!     cargo run --release --example bench_plan [-- SIZES…]
//!
//! For each size the simulator serves an account with that many credentials (mailboxes plus
//! the cPanel login); the real plugin binary runs as a CGI process the way cpsrvd runs it
//! (its calls to cPanel go to the simulator over loopback). Printed per size: the plan page's
//! bytes (and bytes per credential), wall time and peak RSS of the CGI process for "make new
//! passwords" (inventory, generation, digest) and for showing the sheet.

use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

struct Run {
    status: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    wall: Duration,
    max_rss_kib: i64,
    /// User + system CPU seconds of the plugin process.
    cpu: f64,
}

fn plugin_bin() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    exe.parent().unwrap().parent().unwrap().join("secure-reopen")
}

/// Runs the plugin as one CGI request; wall time and the child's peak RSS (wait4).
fn cgi(env: &HashMap<String, String>, method: &str, query: &str, body: &str) -> Run {
    // GNU time forks (not vfork) a small child that then runs the plugin, so the peak RSS it
    // reports is the plugin's own (wait4 on a posix_spawn child would count this process's).
    let stats = tempfile::NamedTempFile::new().unwrap();
    let mut cmd = Command::new("/usr/bin/time");
    cmd.args(["-f", "%M %U %S", "-o"]).arg(stats.path()).arg(plugin_bin());
    cmd.env_clear().envs(env).env("REQUEST_METHOD", method).env("QUERY_STRING", query);
    if method == "POST" {
        cmd.env("CONTENT_TYPE", "application/x-www-form-urlencoded").env("CONTENT_LENGTH", body.len().to_string());
    }
    cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::null());
    let start = Instant::now();
    let mut child = cmd.spawn().expect("build first: cargo build --release --workspace --bins");
    let mut stdin = child.stdin.take().unwrap();
    let body = body.as_bytes().to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&body));
    let mut out = Vec::new();
    child.stdout.take().unwrap().read_to_end(&mut out).unwrap();
    let _ = writer.join();
    child.wait().unwrap();
    let wall = start.elapsed();
    let st = std::fs::read_to_string(stats.path()).unwrap_or_default();
    let f: Vec<f64> = st.split_whitespace().filter_map(|x| x.parse().ok()).collect();
    let (max_rss_kib, cpu) =
        (f.first().copied().unwrap_or(0.0) as i64, f.get(1).unwrap_or(&0.0) + f.get(2).unwrap_or(&0.0));
    let split = out.windows(4).position(|w| w == b"\r\n\r\n").expect("CGI headers");
    let head = String::from_utf8_lossy(&out[..split]).into_owned();
    let headers: Vec<(String, String)> = head
        .lines()
        .filter_map(|l| l.split_once(':').map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned())))
        .collect();
    let status = headers.iter().find(|(k, _)| k == "Status").map(|(_, v)| v.clone()).unwrap_or_default();
    Run { status, headers, body: out[split + 4..].to_vec(), wall, max_rss_kib, cpu }
}

fn field(body: &str, name: &str) -> Option<String> {
    let i = body.find(&format!("name=\"{name}\" value=\""))? + name.len() + 15;
    Some(body[i..].split('"').next()?.to_owned())
}

/// The simulator process, stopped when dropped.
struct SimProc(std::process::Child);

impl Drop for SimProc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn start_sim(dir: &Path, n_mail: usize) -> (SimProc, Value) {
    let domain = "big-shop.example";
    let mailboxes: Vec<_> = (0..n_mail)
        .map(|i| json!({"email": format!("user{i}@{domain}"), "password_plain": format!("Old-pass-{i}-xyz")}))
        .collect();
    let scenario = json!({"accounts": {"big": {
        "user": "big", "password_plain": "Bench-Account-Pass-2026", "locale": "en", "contact_email": "owner@big-shop.example",
        "home": "/tmp", "main_domain": {"domain": domain, "documentroot": "/nonexistent", "php_version": "ea-php83"},
        "mailboxes": mailboxes
    }}});
    let file = dir.join("big.json");
    std::fs::write(&file, scenario.to_string()).unwrap();
    let sim_bin = plugin_bin().with_file_name("cpanel-sim");
    let ready = dir.join("ready.json");
    let child = SimProc(
        Command::new(&sim_bin)
            .args(["--listen", "127.0.0.1:0"])
            .arg("--scenario")
            .arg(&file)
            .arg("--state-dir")
            .arg(dir.join("state"))
            .arg("--ready-file")
            .arg(&ready)
            .arg("--plugin-bin")
            .arg(plugin_bin())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("build the simulator first: cargo build --release --workspace --bins"),
    );
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if let Ok(Ok(v)) = std::fs::read(&ready).map(|b| serde_json::from_slice::<Value>(&b)) {
            return (child, v);
        }
        assert!(Instant::now() < deadline, "simulator not ready");
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn plan_page(n: usize) {
    let dir = tempfile::tempdir().unwrap();
    let (sim, ready) = start_sim(dir.path(), n - 1);
    let url = ready["url"].as_str().unwrap().to_owned();
    let root = PathBuf::from(ready["root"].as_str().unwrap());
    let home = PathBuf::from(ready["state_dir"].as_str().unwrap()).join("home/big");
    // The case awaits the customer (what `incident release` leaves behind).
    let now = time::OffsetDateTime::now_utc().format(&time::format_description::well_known::Rfc3339).unwrap();
    let inc = json!({"version": 1, "user": "big", "status": "awaiting_customer", "opened_at": now, "released_at": now});
    let incidents = root.join("var/cpanel/secure_reopen/incidents");
    std::fs::create_dir_all(&incidents).unwrap();
    std::fs::write(incidents.join("big.json"), inc.to_string()).unwrap();
    // Log in like a browser.
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let resp = agent
        .post(&format!("{url}/login/?login_only=1"))
        .send_form([("user", "big"), ("pass", "Bench-Account-Pass-2026")])
        .unwrap();
    let cookie = resp
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.split(';').next().and_then(|kv| kv.strip_prefix("cpsession=")).map(str::to_owned))
        .unwrap();
    let mut body = String::new();
    resp.into_body().as_reader().read_to_string(&mut body).unwrap();
    let token = serde_json::from_str::<Value>(&body).unwrap()["security_token"].as_str().unwrap().to_owned();
    let script = format!("{token}/frontend/jupiter/secure_reopen/index.live.cgi");
    let mut env: HashMap<String, String> = [
        ("PATH", "/usr/bin:/bin"),
        ("GATEWAY_INTERFACE", "CGI/1.1"),
        ("SERVER_PROTOCOL", "HTTP/1.1"),
        ("REMOTE_USER", "big"),
        ("REMOTE_ADDR", "127.0.0.1"),
        ("cp_security_token", &token),
        ("SCRIPT_NAME", &script),
        ("SECURE_REOPEN_CPSRVD_URL", &url),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    env.insert("HOME".into(), home.display().to_string());
    env.insert("SECURE_REOPEN_ROOT".into(), root.display().to_string());
    env.insert("HTTP_COOKIE".into(), format!("cpsession={cookie}"));
    let first = cgi(&env, "GET", "view=passwords", "");
    let csrf = field(&String::from_utf8_lossy(&first.body), "csrf").expect("CSRF field");
    let make = cgi(&env, "POST", "", &format!("csrf={csrf}&action=plan_new"));
    assert!(make.status.starts_with("303"), "plan_new answered {}", make.status);
    let seed = make
        .headers
        .iter()
        .find(|(k, v)| k == "Set-Cookie" && v.starts_with("secure_reopen_plan="))
        .map(|(_, v)| v.split(';').next().unwrap().to_owned())
        .unwrap();
    env.insert("HTTP_COOKIE".into(), format!("cpsession={cookie}; {seed}"));
    let show = cgi(&env, "GET", "view=passwords", "");
    assert!(show.status.starts_with("200"), "the sheet answered {}", show.status);
    let page = String::from_utf8_lossy(&show.body);
    let carried = field(&page, "pw").map(|p| p.split('\n').count()).unwrap_or(0);
    assert_eq!(carried, n, "the sheet carries every credential once");
    println!(
        "plan page {n:>6} credentials: {:>9} bytes ({:>5.1} B/credential) | make: {:>7.1} ms wall {:>7.1} ms CPU {:>6} KiB RSS | show: {:>6.1} ms wall {:>6.1} ms CPU {:>6} KiB RSS",
        show.body.len(),
        show.body.len() as f64 / n as f64,
        make.wall.as_secs_f64() * 1e3,
        make.cpu * 1e3,
        make.max_rss_kib,
        show.wall.as_secs_f64() * 1e3,
        show.cpu * 1e3,
        show.max_rss_kib,
    );
    drop(sim);
}

/// argon2id at the plan's parameters: this build in-process vs the reference tool, interleaved.
fn argon2_vs_reference(rounds: usize) {
    use secure_reopen::passwords::plan::{self, CredentialId, Item, Kind};
    let items = vec![Item {
        id: CredentialId { kind: Kind::Cpanel, login: "big".into() },
        password: secure_reopen::passwords::generate(),
        custom: false,
    }];
    let have_tool = Command::new("argon2").arg("-h").stdout(Stdio::null()).stderr(Stdio::null()).status().is_ok();
    let (mut ours, mut tool, mut spawn) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..rounds {
        let t = Instant::now();
        let _ = plan::digest("bench", &items).unwrap();
        ours.push(t.elapsed());
        if have_tool {
            let t = Instant::now();
            let mut c = Command::new("argon2")
                .args([
                    "saltsaltsaltsalt",
                    "-id",
                    "-t",
                    "2",
                    "-k",
                    &plan::M_COST_KIB.to_string(),
                    "-p",
                    "1",
                    "-l",
                    "32",
                    "-r",
                ])
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .spawn()
                .unwrap();
            c.stdin.take().unwrap().write_all(b"a plan of one credential").unwrap();
            c.wait().unwrap();
            tool.push(t.elapsed());
            // The cost of starting a process at all, to compare hashing with hashing.
            let t = Instant::now();
            Command::new("true").status().unwrap();
            spawn.push(t.elapsed());
        }
    }
    let median = |v: &mut Vec<Duration>| {
        v.sort();
        v[v.len() / 2].as_secs_f64() * 1e3
    };
    let o = median(&mut ours);
    if have_tool {
        let (t, s) = (median(&mut tool), median(&mut spawn));
        println!(
            "argon2id m={} KiB t=2 p=1, median of {rounds}: ours {o:.1} ms; reference `argon2` tool {t:.1} ms \
             (process start {s:.1} ms, so {:.1} ms hashing): ours / reference = {:.2}",
            plan::M_COST_KIB,
            t - s,
            o / (t - s)
        );
    } else {
        println!("argon2id median of {rounds}: ours {o:.1} ms; the reference tool is missing (apt-get install argon2)");
    }
}

fn main() {
    let sizes: Vec<usize> = std::env::args().skip(1).filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![100, 1_000, 10_000] } else { sizes };
    argon2_vs_reference(15);
    for n in sizes {
        plan_page(n);
    }
}
