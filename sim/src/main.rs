//! cpanel-sim: a contract-faithful cPanel simulator for secure-reopen's demo and tests.
//!
//! It serves, on loopback, what the plugin uses of cpsrvd: login and sessions
//! (`/cpsessNNNNNNNNNN/…`, `cpsession` cookie), HTTP Basic and API-token auth, UAPI at
//! `/execute/Module/function` with cPanel's envelope, `Batch::strict`, API 2 at
//! `/json-api/cpanel`, a Jupiter-like dashboard built from `plugin/install.json`, and the
//! plugin's CGI run as a real subprocess with cpsrvd's environment. Account state lives on
//! disk under the state directory. `cpanel-sim uapi …` and `cpanel-sim cpapi2 …` act as
//! cPanel's command-line tools against a running simulator.
//!
//! Where cPanel's documentation was not explicit, the simulator assumes:
//! - error texts follow cPanel's style ("You must specify the “x” parameter.", "The function
//!   “f” does not exist in the module “M”."); the plugin never matches on exact wording;
//! - fault counters count every function call, calls inside `Batch::strict` included;
//! - every function, parameter and answer follows cPanel 11.120's source (docs/CONTRACT.md);
//!   `uapi::FUNCTIONS` lists what exists, with each module's role and feature gates;
//! - password strength is an entropy approximation of cPanel's 0–100 meter (see `state.rs`).

mod apache;
mod backups;
mod ftpfile;
mod helper_bridge;
mod liveapi;
mod logins;
mod mariadb;
mod pages;
mod scenario;
mod server;
mod sql_tools;
mod state;
mod system_files;
mod tls;
mod uapi;
mod util;
mod whm;
mod wordpress;

use std::io::Read;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex};

use clap::{Parser, Subcommand};
use serde_json::json;

use server::{CookieIpValidation, Faults, Sim};
use state::World;

#[derive(Parser)]
#[command(name = "cpanel-sim", about = "A cPanel simulator for secure-reopen's demo and tests (loopback only)")]
struct Cli {
    #[command(subcommand)]
    tool: Option<Tool>,
    /// Address to listen on (loopback).
    #[arg(long, default_value = "127.0.0.1:0")]
    listen: String,
    /// Where the accounts live; reused when it already holds state.
    #[arg(long)]
    state_dir: Option<PathBuf>,
    /// `demo` or `demo-basic` (built in: the shop with, or on a server without, PostgreSQL and
    /// Web Disk) or a JSON file describing accounts.
    #[arg(long)]
    scenario: Option<String>,
    /// Written (JSON: url, user, password, api_token, state_dir, root) once listening.
    #[arg(long)]
    ready_file: Option<PathBuf>,
    /// The plugin binary run as the CGI and as the AdminBin helper.
    #[arg(long)]
    plugin_bin: Option<PathBuf>,
    /// Folder with the plugin's install.json and icons.
    #[arg(long)]
    plugin_dir: Option<PathBuf>,
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    #[arg(long)]
    fail_nth: Option<u64>,
    #[arg(long)]
    malformed_nth: Option<u64>,
    #[arg(long)]
    hang_nth: Option<u64>,
    #[arg(long)]
    http_error_nth: Option<u64>,
    #[arg(long)]
    lost_reply_nth: Option<u64>,
    /// Only calls of this function (`Module::function`) count towards the `--*-nth` faults.
    #[arg(long)]
    fault_function: Option<String>,
    /// cPanel's "Cookie IP validation" tweak setting (cPanel's default: strict).
    #[arg(long, value_enum, default_value_t = CookieIpValidation::Strict)]
    cookie_ip_validation: CookieIpValidation,
    /// The demo's website: `stand-in` (WordPress-like files, no database), `real` (WordPress on
    /// a private MariaDB, served by PHP behind `/__site/`), or `auto` (real when the machine has
    /// MariaDB, PHP and WordPress, else the stand-in, saying why on the dashboard).
    #[arg(long, value_enum, default_value_t = wordpress::Mode::StandIn)]
    wordpress: wordpress::Mode,
    /// Open the dashboard in a browser.
    #[arg(long)]
    open: bool,
}

#[derive(Subcommand)]
enum Tool {
    /// Act as cPanel's `uapi` command-line tool.
    Uapi {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Act as cPanel's `cpapi2` command-line tool.
    Cpapi2 {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Suspend or unsuspend an account (what WHM's scripts do).
    Admin { action: String, user: String },
    /// Act as the `mysql` client root runs (see `sql_tools.rs`).
    Mysql {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Act as the `psql` client root runs.
    Psql {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
    /// Act as cPanel's `whmapi1` tool (root's WHM API 1; API tokens only).
    Whmapi1 {
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<String>,
    },
}

fn main() {
    let cli = Cli::parse();
    let code = match cli.tool {
        Some(Tool::Uapi { ref args }) => tool(args, false),
        Some(Tool::Cpapi2 { ref args }) => tool(args, true),
        Some(Tool::Admin { ref action, ref user }) => admin(action, user),
        Some(Tool::Mysql { ref args }) => sql(sql_tools::Engine::Mysql, args),
        Some(Tool::Psql { ref args }) => sql(sql_tools::Engine::Postgres, args),
        Some(Tool::Whmapi1 { ref args }) => whmapi1(args),
        None => match serve(cli) {
            Ok(()) => 0,
            Err(e) => {
                eprintln!("cpanel-sim: {e}");
                1
            }
        },
    };
    std::process::exit(code);
}

fn serve(cli: Cli) -> Result<(), String> {
    let state_dir = match cli.state_dir {
        Some(d) => d,
        None => tempfile::Builder::new().prefix("cpanel-sim-").tempdir().map_err(|e| e.to_string())?.keep(),
    };
    std::fs::create_dir_all(&state_dir).map_err(|e| format!("cannot create {}: {e}", state_dir.display()))?;
    let state_dir = state_dir.canonicalize().map_err(|e| e.to_string())?;
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let plugin_bin = cli.plugin_bin.unwrap_or_else(|| exe.with_file_name("secure-reopen"));
    let plugin_bin = plugin_bin.canonicalize().unwrap_or(plugin_bin);
    let plugin_dir = cli.plugin_dir.unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("plugin"));
    let root = state_dir.join("root");

    // Ctrl-C and SIGTERM are taken by `wait_for_stop` (blocked here, before any thread starts,
    // so every thread inherits the mask; children get a clean mask from `Command`).
    block_stop_signals();
    let site = real_site(cli.wordpress, &state_dir)?;

    let (world, password, fresh) = match World::load(&state_dir).map_err(|e| e.to_string())? {
        Some(w) => {
            // cPanel's derived files are not synced on every save: written again from the state.
            crate::system_files::mirror(&state_dir.join("root"), &w).map_err(|e| e.to_string())?;
            let pw = std::fs::read_to_string(state_dir.join("demo-password")).unwrap_or_default();
            (w, pw, false)
        }
        None => {
            let (mut w, pw) = match cli.scenario.as_deref() {
                None | Some("demo") => scenario::demo(&state_dir, site),
                Some("demo-basic") => scenario::demo_basic(&state_dir, site),
                Some("demo-nb") => scenario::demo_nb(&state_dir, site),
                Some("demo-many") => scenario::demo_many(&state_dir, site),
                Some(path) => scenario::from_file(Path::new(path), &state_dir),
            }
            .map_err(|e| format!("cannot build the scenario: {e}"))?;
            w.save(&state_dir).map_err(|e| e.to_string())?;
            for acct in w.accounts.values() {
                ftpfile::write_all(&state_dir.join("root"), acct).map_err(|e| e.to_string())?;
            }
            crate::util::write_atomic(&state_dir.join("demo-password"), pw.as_bytes(), 0o600)
                .map_err(|e| e.to_string())?;
            (w, pw, true)
        }
    };
    let first_user = world.accounts.keys().next().cloned().unwrap_or_default();
    let sites: Vec<(String, PathBuf)> =
        world.accounts.values().flat_map(|a| a.domains().map(|d| (d.domain.clone(), d.documentroot.clone()))).collect();

    let server = tiny_http::Server::http(&cli.listen).map_err(|e| format!("cannot listen on {}: {e}", cli.listen))?;
    let addr = server.server_addr().to_ip().ok_or("not an IP listener")?;
    if !addr.ip().is_loopback() {
        return Err(format!("refusing to listen on {addr}: the simulator is for loopback only"));
    }
    let url = format!("http://{addr}");
    let mut secret = [0u8; 24];
    rand::fill(&mut secret);
    let cli_secret = state::hex(&secret);
    crate::util::write_atomic(&state_dir.join("cli.secret"), cli_secret.as_bytes(), 0o600)
        .map_err(|e| e.to_string())?;
    write_fake_root(&root, &exe, &url, &state_dir).map_err(|e| format!("cannot write the fake root: {e}"))?;
    let tls_addr = tls::serve(&root, addr).map_err(|e| format!("cannot serve TLS: {e}"))?;
    let tls_url = format!("https://{tls_addr}");
    if site == scenario::Site::Real {
        if let Err(e) = wordpress::set_address("demo_wp", &url, "demo-shop.example") {
            eprintln!("cpanel-sim: the WordPress site keeps its old address: {e}");
        }
        wordpress::start_server(&state_dir.join("web"), &sites)?;
    }

    let sim = Arc::new(Sim {
        state_dir: state_dir.clone(),
        root: root.clone(),
        plugin_bin: plugin_bin.clone(),
        plugin_dir,
        url: Mutex::new(url.clone()),
        tls_url: Mutex::new(tls_url.clone()),
        world: Mutex::new(world),
        sessions: Mutex::new(Default::default()),
        faults: Mutex::new(Faults::default()),
        calls: AtomicU64::new(0),
        function_calls: AtomicU64::new(0),
        live_calls: AtomicU64::new(0),
        call_names: Mutex::new(Vec::new()),
        cli_secret,
        cookie_ip_validation: cli.cookie_ip_validation,
    });
    let server = Arc::new(server);
    for _ in 0..2 {
        // Two acceptors; each request gets its own thread.
        let (server, sim) = (server.clone(), sim.clone());
        std::thread::spawn(move || {
            for req in server.incoming_requests() {
                let sim = sim.clone();
                std::thread::spawn(move || sim.handle(req));
            }
        });
    }

    // What install.sh does on a server: the plugin's own WHM API token.
    if plugin_bin.exists() {
        install_whm_token(&plugin_bin, &root, &url)?;
    }
    if fresh && first_user == "demo" && plugin_bin.exists() {
        open_and_release_demo(&plugin_bin, &root, &url, &state_dir)?;
    }
    let api_token = ready_token(&sim, &first_user);
    // Faults start only now, so the setup above is never disturbed.
    *sim.faults.lock().expect("faults") = Faults {
        latency_ms: cli.latency_ms,
        fail_nth: cli.fail_nth,
        malformed_nth: cli.malformed_nth,
        hang_nth: cli.hang_nth,
        http_error_nth: cli.http_error_nth,
        lost_reply_nth: cli.lost_reply_nth,
        fail_function: None,
        function: cli.fault_function.clone(),
    };
    sim.calls.store(0, std::sync::atomic::Ordering::SeqCst);
    sim.call_names.lock().expect("call names").clear();

    // Root's WHM password (the technicians' page), kept across runs of the same state.
    let whm_file = crate::whm::password_file(&state_dir);
    let whm_password = match std::fs::read_to_string(&whm_file) {
        Ok(p) if !p.trim().is_empty() => p.trim().to_owned(),
        _ => {
            let p = crate::util::random_password();
            crate::util::write_atomic(&whm_file, p.as_bytes(), 0o600).map_err(|e| e.to_string())?;
            p
        }
    };
    let ready = json!({"url": url, "tls_url": tls_url, "user": first_user, "password": password, "api_token": api_token,
                       "whm_password": whm_password, "state_dir": state_dir, "root": root,
                       "wordpress": site == scenario::Site::Real, "mariadb_socket": mariadb::socket()});
    if let Some(path) = &cli.ready_file {
        crate::util::write_atomic(path, ready.to_string().as_bytes(), 0o600).map_err(|e| e.to_string())?;
    }
    println!("cPanel simulator listening on {url}");
    println!("  log in at {url}/  as user {first_user:?} with password {password:?}");
    println!("  technicians: WHM at {url}/whm  as \"root\" with password {whm_password:?}");
    println!("  state: {}", state_dir.display());
    match (site, wordpress::stand_in_reason()) {
        (scenario::Site::Real, _) => {
            println!("  website: a real WordPress at {url}/__site/demo-shop.example/ (private MariaDB, PHP)")
        }
        (_, Some(why)) => println!("  website: stand-in files, not a real WordPress: {why}"),
        _ => {}
    }
    println!("  open {url}/ in a browser (Ctrl-C stops the simulator)");
    if cli.open {
        let _ = std::process::Command::new("xdg-open").arg(format!("{url}/")).spawn();
    }
    let signal = wait_for_stop();
    println!("cpanel-sim: stopping (signal {signal})");
    wordpress::stop();
    mariadb::stop();
    std::process::exit(0);
}

fn stop_signals() -> libc::sigset_t {
    // SAFETY: sigset_t is plain data, initialised by sigemptyset before use.
    unsafe {
        let mut set: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut set);
        for s in [libc::SIGINT, libc::SIGTERM, libc::SIGHUP] {
            libc::sigaddset(&mut set, s);
        }
        set
    }
}

fn block_stop_signals() {
    let set = stop_signals();
    // SAFETY: a valid set; changes only this thread's mask (inherited by threads it starts).
    unsafe { libc::pthread_sigmask(libc::SIG_BLOCK, &set, std::ptr::null_mut()) };
}

/// Waits for Ctrl-C, SIGTERM or SIGHUP.
fn wait_for_stop() -> i32 {
    let set = stop_signals();
    let mut sig = 0;
    // SAFETY: a valid set and out-pointer; the signals are blocked in every thread.
    unsafe { libc::sigwait(&set, &mut sig) };
    sig
}

/// Starts the private MariaDB for a real WordPress when `mode` asks for it and the machine
/// can; says why not otherwise (an error for `real`).
fn real_site(mode: wordpress::Mode, state_dir: &Path) -> Result<scenario::Site, String> {
    if mode == wordpress::Mode::StandIn {
        return Ok(scenario::Site::StandIn);
    }
    let started = match wordpress::missing() {
        Some(why) => Err(why),
        None => mariadb::start(&state_dir.join("mysql")),
    };
    match (started, mode) {
        (Ok(()), _) => {
            // Where the `mysql` shim finds the server, for a site's own queries.
            if let Some(sock) = mariadb::socket() {
                crate::util::write_atomic(
                    &sql_tools::socket_file(state_dir),
                    sock.as_os_str().as_encoded_bytes(),
                    0o600,
                )
                .map_err(|e| e.to_string())?;
            }
            Ok(scenario::Site::Real)
        }
        (Err(why), wordpress::Mode::Real) => Err(format!("no real WordPress: {why}")),
        (Err(why), _) => {
            wordpress::set_stand_in(why);
            Ok(scenario::Site::StandIn)
        }
    }
}

/// The files cPanel would have that the plugin's admin side calls: `uapi`/`cpapi2` (as shims to
/// this simulator), the scripts that apply Apache changes and suspend accounts, and
/// `/usr/local/cpanel/version`.
fn write_fake_root(root: &Path, exe: &Path, url: &str, state_dir: &Path) -> std::io::Result<()> {
    let bin = root.join("usr/local/cpanel/bin");
    let scripts = root.join("usr/local/cpanel/scripts");
    std::fs::create_dir_all(&bin)?;
    std::fs::create_dir_all(&scripts)?;
    std::fs::create_dir_all(root.join("usr/sbin"))?;
    std::fs::create_dir_all(root.join("usr/bin"))?;
    std::fs::create_dir_all(root.join("var/mail"))?;
    std::fs::create_dir_all(root.join("var/log"))?;
    std::fs::write(root.join("usr/local/cpanel/version"), "11.132.0.9999 (cpanel-sim)\n")?;
    // WHM's server contact (Basic WebHost Manager Setup) and the server's name.
    std::fs::create_dir_all(root.join("etc"))?;
    std::fs::write(root.join("etc/wwwacct.conf"), "CONTACTEMAIL noc@host.example\nNS ns1.host.example\n")?;
    std::fs::write(root.join("etc/hostname"), "server1.host.example\n")?;
    // cpsrvd's own certificate (self-signed for the hostname, as on a fresh server).
    crate::tls::ensure_certificate(root, "server1.host.example").map_err(std::io::Error::other)?;
    let env = format!("CPANEL_SIM_URL='{url}' CPANEL_SIM_STATE='{}'", state_dir.display());
    let exe = exe.display();
    let shims = [
        (bin.join("uapi"), format!("#!/bin/sh\n{env} exec '{exe}' uapi \"$@\"\n")),
        (bin.join("cpapi2"), format!("#!/bin/sh\n{env} exec '{exe}' cpapi2 \"$@\"\n")),
        (bin.join("whmapi1"), format!("#!/bin/sh\n{env} exec '{exe}' whmapi1 \"$@\"\n")),
        (
            bin.join("ftpupdate"),
            format!(
                "#!/bin/sh\n# cpanel-sim: the simulated FTP server reads the per-user files, as Pure-FTPd does;\n# each run is noted for the tests.\necho \"ftpupdate $*\" >> '{}/var/log/ftpupdate.log'\n",
                root.display()
            ),
        ),
        (
            scripts.join("rebuildhttpdconf"),
            "#!/bin/sh\n# cpanel-sim: Apache is simulated; include files take effect at once.\nexit 0\n".to_owned(),
        ),
        (scripts.join("restartsrv_httpd"), "#!/bin/sh\nexit 0\n".to_owned()),
        (scripts.join("suspendacct"), format!("#!/bin/sh\n{env} exec '{exe}' admin suspend \"$1\"\n")),
        (scripts.join("unsuspendacct"), format!("#!/bin/sh\n{env} exec '{exe}' admin unsuspend \"$1\"\n")),
        (scripts.join("install_plugin"), "#!/bin/sh\nexit 0\n".to_owned()),
        (
            root.join("usr/sbin/sendmail"),
            format!(
                "#!/bin/sh\n# cpanel-sim: mail is kept, not sent.\n{{ cat; echo '----- end of message -----'; }} >> '{}/var/mail/outbox'\n",
                root.display()
            ),
        ),
        (scripts.join("uninstall_plugin"), "#!/bin/sh\nexit 0\n".to_owned()),
        (root.join("usr/bin/mysql"), format!("#!/bin/sh\n{env} exec '{exe}' mysql \"$@\"\n")),
        (root.join("usr/bin/psql"), format!("#!/bin/sh\n{env} exec '{exe}' psql \"$@\"\n")),
    ];
    for (path, text) in shims {
        std::fs::write(&path, text)?;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755))?;
    }
    Ok(())
}

/// The demo's case: opened and released by the admin CLI, exactly as a technician would.
fn open_and_release_demo(plugin: &Path, root: &Path, url: &str, state_dir: &Path) -> Result<(), String> {
    let removed = state_dir.join("removed-files.txt");
    std::fs::write(&removed, "public_html/wp-content/plugins/contact-form/upload-shell.php\npublic_html/wp-includes/js/jquery/jquery-migrate.min.php\n")
        .map_err(|e| e.to_string())?;
    let run = |args: &[&str]| -> Result<(), String> {
        let out = std::process::Command::new(plugin)
            .args(args)
            .env("SECURE_REOPEN_ROOT", root)
            .env("CPANEL_SIM_URL", url)
            .output()
            .map_err(|e| format!("cannot run {}: {e}", plugin.display()))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!("{} {}: {}", plugin.display(), args.join(" "), String::from_utf8_lossy(&out.stderr)))
        }
    };
    run(&[
        "incident",
        "open",
        "demo",
        "--attack-time",
        scenario::ATTACK_TIME,
        "--vector",
        "An outdated contact-form plugin let the attacker upload a file.",
        "--notes",
        "Our scanner removed two harmful files. A hidden file in uploads and a changed .htaccess may remain.",
        "--contact",
        "support@host.example",
        "--affected-dir",
        "public_html",
        "--removed-files",
        &removed.display().to_string(),
    ])?;
    run(&["incident", "release", "demo"])
}

/// `secure-reopen whm-token`, as install.sh runs it (keeps a token it already has).
fn install_whm_token(plugin: &Path, root: &Path, url: &str) -> Result<(), String> {
    let out = std::process::Command::new(plugin)
        .arg("whm-token")
        .env("SECURE_REOPEN_ROOT", root)
        .env("CPANEL_SIM_URL", url)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", plugin.display()))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!("{} whm-token: {}", plugin.display(), String::from_utf8_lossy(&out.stderr)))
    }
}

/// An API token for the ready file (its plaintext exists only there).
fn ready_token(sim: &Sim, user: &str) -> String {
    let mut world = sim.world.lock().expect("world");
    let Some(acct) = world.accounts.get_mut(user) else {
        return String::new();
    };
    acct.tokens.retain(|t| t.name != "cpanel-sim");
    let args = vec![("name".to_string(), "cpanel-sim".to_string())];
    let token = match uapi::uapi(acct, "Tokens", "create_full_access", &args) {
        Ok((v, _)) => v["token"].as_str().unwrap_or_default().to_owned(),
        Err(_) => String::new(),
    };
    let _ = world.save(&sim.state_dir);
    token
}

fn sim_env() -> Result<(String, String), String> {
    let url = std::env::var("CPANEL_SIM_URL").map_err(|_| "CPANEL_SIM_URL is not set".to_string())?;
    let state = std::env::var("CPANEL_SIM_STATE").map_err(|_| "CPANEL_SIM_STATE is not set".to_string())?;
    let secret = std::fs::read_to_string(Path::new(&state).join("cli.secret"))
        .map_err(|e| format!("cannot read the simulator's secret: {e}"))?;
    Ok((url, secret.trim().to_owned()))
}

/// `uapi [--output=json|jsonpretty] [--user=NAME] Module function key=value…` (and cpapi2).
fn tool(args: &[String], api2: bool) -> i32 {
    let mut pretty = false;
    let mut user = std::env::var("REMOTE_USER").or_else(|_| std::env::var("USER")).unwrap_or_default();
    let mut rest = Vec::new();
    for a in args {
        if let Some(o) = a.strip_prefix("--output=") {
            pretty = o == "jsonpretty";
        } else if let Some(u) = a.strip_prefix("--user=") {
            user = u.to_owned();
        } else {
            rest.push(a.clone());
        }
    }
    if rest.len() < 2 {
        eprintln!(
            "usage: {} [--output=json] [--user=NAME] Module function [key=value ...]",
            if api2 { "cpapi2" } else { "uapi" }
        );
        return 2;
    }
    let (url, secret) = match sim_env() {
        Ok(x) => x,
        Err(e) => {
            eprintln!("cpanel-sim: {e}");
            return 1;
        }
    };
    let mut form: Vec<(String, String)> = rest[2..]
        .iter()
        .filter_map(|kv| kv.split_once('='))
        .map(|(k, v)| {
            let d = |s: &str| percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned();
            (d(k), d(v))
        })
        .collect();
    let path = if api2 {
        form.extend([
            ("cpanel_jsonapi_apiversion".to_string(), "2".to_string()),
            ("cpanel_jsonapi_module".to_string(), rest[0].clone()),
            ("cpanel_jsonapi_func".to_string(), rest[1].clone()),
        ]);
        format!("{url}/json-api/cpanel")
    } else {
        format!("{url}/execute/{}/{}", rest[0], rest[1])
    };
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let resp = agent.post(&path).header("X-Sim-Cli", &secret).header("X-Sim-User", &user).send_form(form);
    match resp {
        Ok(mut r) => {
            let mut body = String::new();
            let _ = r.body_mut().as_reader().read_to_string(&mut body);
            if !api2 {
                // cpsrvd answers the bare result; the `uapi` tool prints it wrapped.
                if let Ok(result) = serde_json::from_str::<serde_json::Value>(&body) {
                    body = json!({"apiversion": 3, "func": rest[1], "module": rest[0], "result": result}).to_string();
                }
            }
            if pretty && let Ok(v) = serde_json::from_str::<serde_json::Value>(&body) {
                body = serde_json::to_string_pretty(&v).unwrap_or(body);
            }
            println!("{body}");
            0
        }
        Err(e) => {
            eprintln!("cpanel-sim: cannot reach the simulator at {url}: {e}");
            1
        }
    }
}

/// `whmapi1 [--output=json] FUNCTION key=value…`: prints WHM API 1's answer as JSON.
fn whmapi1(args: &[String]) -> i32 {
    let rest: Vec<&String> = args.iter().filter(|a| !a.starts_with("--output=")).collect();
    let Some(func) = rest.first() else {
        eprintln!("usage: whmapi1 [--output=json] FUNCTION [key=value ...]");
        return 2;
    };
    let (url, secret) = match sim_env() {
        Ok(x) => x,
        Err(e) => {
            eprintln!("cpanel-sim: {e}");
            return 1;
        }
    };
    let pairs: Vec<(String, String)> =
        rest[1..].iter().filter_map(|kv| kv.split_once('=')).map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let body = json!({"func": func, "args": pairs}).to_string();
    match agent.post(&format!("{url}/__sim/whmapi1")).header("X-Sim-Cli", &secret).send(body) {
        Ok(mut r) if r.status() == 200 => {
            let mut text = String::new();
            let _ = r.body_mut().as_reader().read_to_string(&mut text);
            println!("{text}");
            0
        }
        Ok(r) => {
            eprintln!("cpanel-sim whmapi1: the simulator answered {}", r.status());
            1
        }
        Err(e) => {
            eprintln!("cpanel-sim whmapi1: {e}");
            1
        }
    }
}

/// `mysql`/`psql` as root runs them, against the state the running simulator saved.
fn sql(engine: sql_tools::Engine, args: &[String]) -> i32 {
    let Ok(state) = std::env::var("CPANEL_SIM_STATE") else {
        eprintln!("cpanel-sim: CPANEL_SIM_STATE is not set");
        return 1;
    };
    let (code, out, err) = sql_tools::run(engine, Path::new(&state), args);
    print!("{out}");
    eprint!("{err}");
    code
}

/// What WHM's suspendacct/unsuspendacct do to the simulated account.
fn admin(action: &str, user: &str) -> i32 {
    let suspended = match action {
        "suspend" => true,
        "unsuspend" => false,
        _ => {
            eprintln!("cpanel-sim admin: action must be suspend or unsuspend");
            return 2;
        }
    };
    let (url, secret) = match sim_env() {
        Ok(x) => x,
        Err(e) => {
            eprintln!("cpanel-sim: {e}");
            return 1;
        }
    };
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let body = json!({"user": user, "suspended": suspended}).to_string();
    match agent.post(&format!("{url}/__sim/suspend")).header("X-Sim-Cli", &secret).send(body) {
        Ok(r) if r.status() == 200 => 0,
        Ok(r) => {
            eprintln!("cpanel-sim admin: the simulator answered {}", r.status());
            1
        }
        Err(e) => {
            eprintln!("cpanel-sim admin: {e}");
            1
        }
    }
}
