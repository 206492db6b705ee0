//! Benchmark: every page of the plugin beside a C hello-world CGI and a php-cgi page that
//! renders a 12-item list, in one interleaved run, all served the same way: the simulator's
//! cpsrvd-like host runs `scripts/bench/measure.c` as the live page, which runs the real plugin
//! (or an anchor) with the host's CGI environment and LiveAPI socket and records its wall
//! time, own CPU (user + system, all threads) and peak RSS (wait4). Round trips are the
//! LiveAPI calls the simulator served during the request. Then the checklist page at 10k /
//! 100k / 300k site files (real PHP from Debian's `wordpress` and `mediawiki` packages, copied
//! and multiplied under folders with non-ASCII names), after "Check my files again".
//!
//!     scripts/bench.sh pages        (builds the anchors and the wrapper, then runs this)
//!     bench_pages WORK_DIR [ROUNDS] [SIZES…]
//!
//! WORK_DIR holds `measure` (the wrapper) and `stats` (its records). Loopback only.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

struct SimProc(std::process::Child);

impl Drop for SimProc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// One request as the wrapper measured it.
#[derive(Clone, Copy, Default)]
struct Sample {
    wall_ms: f64,
    cpu_ms: f64,
    rss_kib: u64,
    round_trips: u64,
    status: u16,
}

struct Bench {
    url: String,
    stats: PathBuf,
    agent: ureq::Agent,
}

struct Session {
    cookie: String,
    token: String,
}

impl Bench {
    fn login(&self, user: &str, pass: &str) -> Session {
        let resp = self
            .agent
            .post(&format!("{}/login/?login_only=1", self.url))
            .send_form([("user", user), ("pass", pass)])
            .unwrap();
        let cookie = resp
            .headers()
            .get_all("set-cookie")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find_map(|c| c.split(';').next().and_then(|kv| kv.strip_prefix("cpsession=")).map(str::to_owned))
            .expect("cpsession cookie");
        let mut body = String::new();
        resp.into_body().as_reader().read_to_string(&mut body).unwrap();
        let token = serde_json::from_str::<Value>(&body).unwrap()["security_token"].as_str().unwrap().to_owned();
        Session { cookie, token }
    }

    fn live_calls(&self) -> u64 {
        let mut body = String::new();
        let resp = self.agent.get(&format!("{}/__sim/calls", self.url)).call().unwrap();
        resp.into_body().as_reader().read_to_string(&mut body).unwrap();
        serde_json::from_str::<Value>(&body).unwrap()["live_calls"].as_u64().unwrap_or(0)
    }

    /// One page request; `form` makes it a POST.
    fn request(&self, s: &Session, query: &str, form: Option<&[(&str, &str)]>) -> (Sample, String) {
        let page = format!("{}{}/frontend/jupiter/secure_reopen/index.live.cgi", self.url, s.token);
        let url = if query.is_empty() { page } else { format!("{page}?{query}") };
        let before = self.live_calls();
        let lines_before = std::fs::read_to_string(&self.stats).unwrap_or_default().lines().count();
        let cookie = format!("cpsession={}", s.cookie);
        let resp = match form {
            None => self.agent.get(&url).header("Cookie", &cookie).call(),
            Some(f) => self.agent.post(&url).header("Cookie", &cookie).send_form(f.iter().copied()),
        }
        .unwrap();
        let status = resp.status().as_u16();
        let mut body = String::new();
        resp.into_body().as_reader().read_to_string(&mut body).unwrap();
        let round_trips = self.live_calls() - before;
        let stats = std::fs::read_to_string(&self.stats).unwrap_or_default();
        let Some(line) = stats.lines().nth(lines_before) else {
            panic!("the wrapper recorded nothing for {query:?}: HTTP {status}: {body}")
        };
        let f: Vec<f64> = line.split_whitespace().skip(1).filter_map(|x| x.parse().ok()).collect();
        let sample =
            Sample { wall_ms: f[0] / 1e3, cpu_ms: (f[1] + f[2]) / 1e3, rss_kib: f[3] as u64, round_trips, status };
        (sample, body)
    }
}

fn csrf(body: &str) -> String {
    let i = body.find("name=\"csrf\" value=\"").expect("a form with a CSRF token") + 19;
    body[i..].split('"').next().unwrap().to_owned()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap());
    v[v.len() / 2]
}

/// The medians of a page's samples.
fn summary(samples: &[Sample]) -> Sample {
    Sample {
        wall_ms: median(samples.iter().map(|s| s.wall_ms).collect()),
        cpu_ms: median(samples.iter().map(|s| s.cpu_ms).collect()),
        rss_kib: median(samples.iter().map(|s| s.rss_kib as f64).collect()) as u64,
        round_trips: median(samples.iter().map(|s| s.round_trips as f64).collect()) as u64,
        status: samples.last().map_or(0, |s| s.status),
    }
}

fn row(label: &str, s: &Sample, c: &Sample, php: &Sample) {
    println!(
        "| {label:<38} | {:>8.1} | {:>8.1} | {:>5} | {:>8} | {:>6.1}× | {:>5.2}× |",
        s.wall_ms,
        s.cpu_ms,
        s.round_trips,
        s.rss_kib,
        s.wall_ms / c.wall_ms,
        s.wall_ms / php.wall_ms
    );
}

fn header() {
    println!("| page | wall ms | own CPU ms | round trips | peak RSS KiB | × C | × php-cgi |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
}

fn start_sim(work: &Path) -> (SimProc, Value) {
    let exe = std::env::current_exe().unwrap();
    let sim_bin = exe.parent().unwrap().parent().unwrap().join("cpanel-sim");
    let ready = work.join("ready.json");
    let child = SimProc(
        Command::new(&sim_bin)
            .args(["--listen", "127.0.0.1:0", "--scenario", "demo", "--plugin-bin"])
            .arg(work.join("measure"))
            .arg("--plugin-dir")
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("plugin"))
            .arg("--state-dir")
            .arg(work.join("state"))
            .arg("--ready-file")
            .arg(&ready)
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(work.join("sim.stderr")).map(Stdio::from).unwrap_or(Stdio::null()))
            .spawn()
            .expect("build first: cargo build --release --workspace --bins --examples"),
    );
    let deadline = Instant::now() + Duration::from_secs(120);
    loop {
        if let Ok(Ok(v)) = std::fs::read(&ready).map(|b| serde_json::from_slice::<Value>(&b)) {
            return (child, v);
        }
        if Instant::now() > deadline {
            let err = std::fs::read_to_string(work.join("sim.stderr")).unwrap_or_default();
            panic!("simulator not ready: {err}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Real PHP: every regular file of Debian's WordPress and MediaWiki, copied once (links and
/// what they point to are not copied).
fn copy_sources(to: &Path) -> usize {
    let mut n = 0;
    for src in ["/usr/share/wordpress", "/usr/share/mediawiki"] {
        let src = Path::new(src);
        if !src.is_dir() {
            continue;
        }
        let mut stack = vec![src.to_path_buf()];
        while let Some(dir) = stack.pop() {
            let Ok(rd) = std::fs::read_dir(&dir) else { continue };
            for e in rd.flatten() {
                let Ok(ft) = e.file_type() else { continue };
                let rel = e.path().strip_prefix(src.parent().unwrap()).unwrap().to_path_buf();
                if ft.is_dir() {
                    stack.push(e.path());
                } else if ft.is_file() {
                    let dest = to.join(&rel);
                    std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
                    if std::fs::copy(e.path(), &dest).is_ok() {
                        n += 1;
                    }
                }
            }
        }
    }
    n
}

/// Every file below `dir`, relative to it.
fn files_below(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let ft = e.file_type().unwrap();
            if ft.is_dir() {
                stack.push(e.path());
            } else if ft.is_file() {
                out.push(e.path().strip_prefix(dir).unwrap().to_path_buf());
            }
        }
    }
    out.sort();
    out
}

/// Grows the site to `target` files: hard links of the real sources under `kopi-N-æøå-日本語/`,
/// every seventh file renamed with non-ASCII letters.
fn grow_site(docroot: &Path, sources: &Path, list: &[PathBuf], have: &mut usize, copies: &mut usize, target: usize) {
    while *have < target {
        let base = docroot.join(format!("kopi-{copies}-æøå-日本語"));
        *copies += 1;
        for (i, rel) in list.iter().enumerate() {
            if *have >= target {
                break;
            }
            let mut dest = base.join(rel);
            if i % 7 == 0 {
                let name = dest.file_name().unwrap().to_string_lossy().into_owned();
                dest.set_file_name(format!("Ærlig-süß-{name}"));
            }
            std::fs::create_dir_all(dest.parent().unwrap()).unwrap();
            std::fs::hard_link(sources.join(rel), &dest).unwrap();
            *have += 1;
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let work = PathBuf::from(args.next().expect("usage: bench_pages WORK_DIR [ROUNDS] [SIZES…]"));
    let rounds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(15);
    let sizes: Vec<usize> = args.filter_map(|a| a.parse().ok()).collect();
    let sizes = if sizes.is_empty() { vec![10_000, 100_000, 300_000] } else { sizes };
    let (_sim, ready) = start_sim(&work);
    let b = Bench {
        url: ready["url"].as_str().unwrap().to_owned(),
        stats: work.join("stats"),
        agent: ureq::Agent::config_builder().http_status_as_error(false).max_redirects(0).build().into(),
    };
    let demo = b.login("demo", ready["password"].as_str().unwrap());
    let other = b.login("other", "Annen-Konto-Passord-2026");

    // The first view of the case walks the site once (no saved check yet).
    let (first, body) = b.request(&demo, "", None);
    assert_eq!(first.status, 200, "{body}");
    assert!(body.contains("files were checked at"), "the checklist shows its saved check");

    let pages: Vec<(&str, &Session, &str)> = vec![
        ("C hello-world CGI (anchor)", &demo, "anchor=c"),
        ("php-cgi, 12-item list (anchor)", &demo, "anchor=php"),
        ("home, no case", &other, ""),
        ("checklist (demo account)", &demo, ""),
        ("password plan (no plan yet)", &demo, "view=passwords"),
        ("restore", &demo, "view=restore"),
        ("sweep review", &demo, "view=sweep"),
    ];
    let mut samples: Vec<Vec<Sample>> = vec![Vec::new(); pages.len()];
    for _ in 0..rounds {
        for (i, (label, s, q)) in pages.iter().enumerate() {
            let (sample, body) = b.request(s, q, None);
            assert_eq!(sample.status, 200, "{label}: {body}");
            samples[i].push(sample);
        }
    }
    let sums: Vec<Sample> = samples.iter().map(|s| summary(s)).collect();
    let (c, php) = (sums[0], sums[1]);
    println!("\nPages, median of {rounds} interleaved rounds (wall and CPU of the page's own process):\n");
    header();
    for ((label, ..), s) in pages.iter().zip(&sums) {
        row(label, s, &c, &php);
    }
    row("checklist, first view of the case (walks)", &first, &c, &php);

    // The checklist at more site files.
    let home = PathBuf::from(ready["state_dir"].as_str().unwrap()).join("home/demo");
    let docroot = home.join("public_html");
    let sources = work.join("sources");
    let n_src = copy_sources(&sources);
    let list = files_below(&sources);
    println!("\nChecklist by site size (sources: {n_src} files of Debian's wordpress and mediawiki):\n");
    println!(
        "| site files | \"Check my files again\" wall ms | its CPU ms | checklist wall ms | own CPU ms | round trips | peak RSS KiB | × php-cgi |"
    );
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    let (mut have, mut copies) = (files_below(&docroot).len(), 0);
    for n in sizes {
        grow_site(&docroot, &sources, &list, &mut have, &mut copies, n);
        let (_, page) = b.request(&demo, "", None);
        let (check, _) = b.request(&demo, "", Some(&[("csrf", &csrf(&page)), ("action", "check_files")]));
        assert_eq!(check.status, 303, "check_files");
        let (mut views, mut anchors) = (Vec::new(), Vec::new());
        for _ in 0..rounds.min(10) {
            let (s, body) = b.request(&demo, "", None);
            assert_eq!(s.status, 200, "{body}");
            views.push(s);
            anchors.push(b.request(&demo, "anchor=php", None).0);
        }
        let (v, a) = (summary(&views), summary(&anchors));
        println!(
            "| {have:>7} | {:>9.0} | {:>9.0} | {:>7.1} | {:>6.1} | {:>3} | {:>7} | {:>5.2}× |",
            check.wall_ms,
            check.cpu_ms,
            v.wall_ms,
            v.cpu_ms,
            v.round_trips,
            v.rss_kib,
            v.wall_ms / a.wall_ms
        );
    }
}
