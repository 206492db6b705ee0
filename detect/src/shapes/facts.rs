//! The facts pass: one walk over a file's tokens that notes what the families in `mod.rs`
//! decide on: the first call of each function family, reconnaissance calls, where the
//! visitor's browser, address or this site's name is read, redirects, IRC commands, labelled
//! credentials, code and SQL in literals, security services and blocklists named.

use super::*;

/// Functions whose calls the families look at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum F {
    Touch,
    Unlink,
    Socket,
    Shell,
    Fetch,
    CurlExec,
    Write,
    Loop,
    Recon,
    DirList,
    FileChange,
    Upload,
    FileRead,
    /// `set_time_limit`, `ignore_user_abort`: keeps running after the visitor left.
    RunsLong,
    SocketSend,
    /// Connects or binds an existing socket to an address.
    SocketAddr,
    Mail,
    Getenv,
    Header,
    /// `gethostbyaddr`: the visitor's host name (a filter tells crawlers by it).
    HostName,
    /// `putenv`: the environment of the programs PHP starts (`mail`'s sendmail).
    Putenv,
    /// `imap_open`: its address may start a program (`-oProxyCommand`).
    Imap,
}

pub(super) const IRC_MESSAGE: u8 = 1;
pub(super) const IRC_NICK: u8 = 2;
pub(super) const IRC_JOIN: u8 = 4;

crate::php::word_match! {
    /// What one name is, or nothing (lowercased on a stack buffer: no allocation per token).
    pub(super) fn classify -> Option<F> {
        b"touch" => Some(F::Touch),
        b"unlink" => Some(F::Unlink),
        b"fsockopen" | b"pfsockopen" | b"socket_create" | b"stream_socket_client" | b"stream_socket_server" => Some(F::Socket),
        b"system" | b"exec" | b"shell_exec" | b"passthru" | b"popen" | b"proc_open" | b"pcntl_exec" => Some(F::Shell),
        b"file_get_contents" | b"fopen" | b"readfile" | b"file" => Some(F::Fetch),
        b"curl_exec" => Some(F::CurlExec),
        b"fwrite" | b"fputs" | b"file_put_contents" => Some(F::Write),
        b"socket_write" | b"socket_send" | b"socket_sendto" => Some(F::SocketSend),
        b"socket_connect" | b"socket_bind" => Some(F::SocketAddr),
        b"mail" => Some(F::Mail),
        b"getenv" => Some(F::Getenv),
        b"header" => Some(F::Header),
        b"gethostbyaddr" => Some(F::HostName),
        b"putenv" => Some(F::Putenv),
        b"imap_open" => Some(F::Imap),
        b"for" | b"foreach" | b"while" => Some(F::Loop),
        b"php_uname" | b"posix_getpwuid" | b"posix_getgrgid" | b"posix_geteuid" | b"posix_getuid"
        | b"posix_getegid" | b"get_current_user" | b"getmyuid" | b"getmygid" | b"disk_free_space"
        | b"disk_total_space" | b"diskfreespace" | b"fileowner" | b"fileperms" => Some(F::Recon),
        b"opendir" | b"scandir" | b"readdir" | b"glob" | b"dir" | b"recursivedirectoryiterator" => Some(F::DirList),
        b"rmdir" | b"rename" | b"chmod" | b"mkdir" | b"copy" => Some(F::FileChange),
        b"move_uploaded_file" => Some(F::Upload),
        b"highlight_file" | b"show_source" | b"fread" => Some(F::FileRead),
        b"set_time_limit" | b"ignore_user_abort" => Some(F::RunsLong),
        _ => None,
    }
}

/// A mode without the owner's write bit, for a file (`0444`, `0400`, `0555`).
fn read_only_mode(x: &Token<'_>) -> bool {
    let Tok::Num(n) = x.tok else { return false };
    n.strip_prefix(b"0")
        .filter(|d| d.len() == 3 && d.iter().all(|c| (b'0'..=b'7').contains(c)))
        .is_some_and(|d| (d[0] - b'0') & 2 == 0 && d[0] != b'0')
}

/// Everything a file shows of the families, one pass over the tokens.
#[derive(Default)]
pub(super) struct Facts {
    /// First call of each function family.
    pub(super) first: Vec<(F, usize)>,
    /// Every call of a reconnaissance function (`F::Recon`, methods too), token indices.
    pub(super) recon_at: Vec<usize>,
    pub(super) backdated: Option<(PastTime, usize)>,
    /// A file made read-only for its owner (`chmod($f, 0444)`): a planted file kept from being
    /// cleaned or replaced.
    pub(super) made_read_only: bool,
    pub(super) self_delete: Option<usize>,
    pub(super) udp_socket: Option<usize>,
    pub(super) user_agent: Option<usize>,
    /// A request field compared with a written hexadecimal key (`gates`).
    pub(super) key_gate: Option<usize>,
    /// Where the visitor's browser or referrer is read (token indices, the first few).
    pub(super) ua_reads: Vec<usize>,
    pub(super) crawler_words: bool,
    pub(super) url_literal: bool,
    /// `header('Location: …')` or a script or meta redirect in a literal.
    pub(super) redirect: bool,
    /// `header('HTTP/1.0 404 Not Found')`, or 403 or 410: the visitor is told the page is not
    /// there.
    pub(super) refuses: bool,
    /// A literal holding a script tag that loads from another site (`<script src="//…">`).
    pub(super) foreign_script: bool,
    /// `$_SERVER['HTTP_REFERER']` read: where the visitor came from.
    pub(super) referrer: bool,
    pub(super) request_input: bool,
    pub(super) shell_literal: bool,
    /// IRC commands seen (`IRC_*` bits).
    pub(super) irc: u8,
    /// A connection opened to (or a port opened on) an address the visitor chose.
    pub(super) socket_from_input: Option<usize>,
    /// Form fields with credentials pasted after a label (`"Password: " . $_POST['pass']`).
    pub(super) credential_lines: u8,
    /// One of them is a password, a card or another secret (not only a name).
    pub(super) secret_line: Option<usize>,
    /// A literal that holds PHP code reading the request and running it or writing files.
    pub(super) php_dropper_literal: Option<usize>,
    /// The address of a PHP file kept on a code host, written whole in a literal
    /// (`https://raw.githubusercontent.com/…/shell.php`, a paste's raw text).
    pub(super) code_host_script: Option<usize>,
    /// Any file's address on a code host's file server (`https://user-images.githubusercontent.com/…/x.jpg`):
    /// code run as a page may be hidden in a picture there (fresh103's `mmek.php`).
    pub(super) code_host_file: Option<usize>,
    /// A picture's or a text's address on any site: code run as a page may be hidden there too
    /// (fresh106's `love.php` runs `hx.jpg`).
    pub(super) remote_data_file: Option<usize>,
    /// A path to the cPanel account's contact address (`/home/u/.contactemail`,
    /// `/home/u/.cpanel/contactinfo`).
    pub(super) account_contact: Option<usize>,
    /// cPanel's login port written as a page's query (`/?:2083`, `$_GET[':2083']`): the way Alfa's
    /// shell shows its fake cPanel login on a hacked site's own pages.
    pub(super) fake_cpanel_login: Option<usize>,
    /// A literal opening PHP to include a file (`"<?php include 'x.php' ?>"`): a loader line
    /// an injector may write in front of other files (`loader_put_in_front`).
    pub(super) loader_literal: bool,
    /// `$zif_system`: an exploit of PHP's memory finds the C function behind `system`.
    pub(super) memory_exploit: Option<usize>,
    pub(super) recon_literals: u8,
    /// A protection setting read out and printed (`echo ini_get('safe_mode')`).
    pub(super) recon_shown: bool,
    /// `/etc/passwd` named in a literal.
    pub(super) recon_literal_passwd: bool,
    /// A `<script>` literal written into a file.
    pub(super) writes_script: Option<usize>,
    /// SQL in a literal that makes the database write a file (`INTO OUTFILE`), and whether it
    /// carries code or a library (`DUMPFILE`, `<?php`, `.php`).
    pub(super) sql_writes_file: Option<(usize, bool)>,
    /// `mail()` to an address from the request.
    pub(super) mail_to_input: Option<usize>,
    /// Which of `LOCATION_KEYS` are read (bits).
    pub(super) location_keys: u8,
    /// A chat bot's address (`https://api.telegram.org/bot…`): where droppers report to.
    pub(super) chat_bot: bool,
    /// This site's name read (`$_SERVER['HTTP_HOST']`, `SERVER_NAME`): the doorways' sign.
    pub(super) names_site: bool,
    /// `ini_restore('safe_mode')`: undoes the host's hardening for this script.
    pub(super) protection_restored: Option<usize>,
    /// The visitor's address read (`$_SERVER['REMOTE_ADDR']`, `getenv('REMOTE_ADDR')`).
    pub(super) visitor_address: bool,
    /// `die`/`exit`: a visitor can be turned away.
    pub(super) stops: bool,
    /// Security services named in literals (`hunter_bit`s), and the first such literal.
    pub(super) hunters: u32,
    pub(super) first_hunter: Option<usize>,
    /// Blocklist address patterns (`"^66.102.*.*"`) in literals.
    pub(super) ip_wildcards: u16,
    /// Networks' first two numbers alone (`"64.71"`), each a literal: a blocklist compared
    /// with the visitor's address cut to its first two parts.
    pub(super) ip_prefixes: u16,
    /// A file-reading stream wrapper joined to request input (`bypass`).
    pub(super) wrapped_request_path: Option<usize>,
}

impl Facts {
    pub(super) fn at(&self, f: F) -> Option<usize> {
        self.first.iter().find(|(g, _)| *g == f).map(|(_, at)| *at)
    }
    pub(super) fn has(&self, f: F) -> bool {
        self.at(f).is_some()
    }
}

/// A status line that turns the visitor away (`HTTP/1.1 404 Not Found`, `HTTP/1.0 403
/// Forbidden`).
fn refusal_status(v: &[u8]) -> bool {
    v.len() >= 12
        && v[..5].eq_ignore_ascii_case(b"http/")
        && v.windows(5).any(|w| w == b" 404 " || w == b" 403 " || w == b" 410 ")
}

pub(super) fn facts<'a>(t: &[Token<'a>], inputs: &[&'a [u8]], gates: &LiteralGates) -> Facts {
    let mut f = Facts::default();
    let budget = Budget::for_tokens(t.len());
    let mut recon_seen = [false; 4];
    // Variables given the script's own path (`$me = __FILE__;`): deleting one deletes itself.
    let mut own_file_vars: Vec<&[u8]> = Vec::new();
    for (i, tok) in t.iter().enumerate() {
        match &tok.tok {
            Tok::Ident(name) => {
                if !f.stops && (same_ci(name, b"die") || same_ci(name, b"exit")) {
                    f.stops = true;
                }
                // The time limit lifted through the setting (`ini_set('max_execution_time', 0)`,
                // fresh112's UDP flooder): the script runs long.
                if same_ci(name, b"ini_set")
                    && t.get(i + 2).and_then(str_value).is_some_and(|k| k.eq_ignore_ascii_case(b"max_execution_time"))
                    && !f.first.iter().any(|(g, _)| *g == F::RunsLong)
                {
                    f.first.push((F::RunsLong, tok.at));
                }
                // A function of the file named for telling Googlebot apart (`is_google_bot($ua)`,
                // fresh151's ClickBank cloaker, whose list of crawlers is in another file).
                if !f.crawler_words && name.len() >= 9 && is_op(t.get(i + 1), b"(") && names_googlebot(name) {
                    f.crawler_words = true;
                }
                let Some(kind) = classify(name) else { continue };
                let called = is_op(t.get(i + 1), b"(");
                if called && kind == F::Recon {
                    f.recon_at.push(i);
                }
                let method = i > 0 && (is_op(t.get(i - 1), b"->") || is_op(t.get(i - 1), b"::"));
                let defined = i > 0 && ident(&t[i - 1]).is_some_and(|p| same_ci(p, b"function"));
                if !called || method || defined {
                    continue;
                }
                if !f.first.iter().any(|(g, _)| *g == kind) {
                    f.first.push((kind, tok.at));
                }
                let a = || budget.args(t, i + 1);
                match kind {
                    F::Touch => {
                        // (A variable holding another file's time, looked up once.)
                        let saved = |x: &[Token<'_>]| match x {
                            [Token { tok: Tok::Var(v), .. }] if f.backdated.is_none() && holds_file_time(t, v) => {
                                Some(PastTime::AnotherFile)
                            }
                            _ => None,
                        };
                        if let Some(p) = a().get(1).and_then(|x| past_time(x).or_else(|| saved(x))) {
                            let stronger = f.backdated.is_none_or(|(q, _)| p == PastTime::DaysAgo && q != p);
                            if stronger {
                                f.backdated = Some((p, tok.at));
                            }
                        }
                    }
                    F::FileChange if !f.made_read_only && same_ci(name, b"chmod") => {
                        f.made_read_only = a().get(1).and_then(|x| x.first()).is_some_and(read_only_mode);
                    }
                    F::Unlink
                        if f.self_delete.is_none()
                            && a().first().is_some_and(|x| {
                                is_own_file(x)
                                    || matches!(x, [Token { tok: Tok::Var(v), .. }] if own_file_vars.contains(v))
                            }) =>
                    {
                        f.self_delete = Some(tok.at);
                    }
                    F::Socket | F::SocketAddr
                        if f.socket_from_input.is_none() && a().iter().take(2).any(|x| reads_input(x, inputs)) =>
                    {
                        f.socket_from_input = Some(tok.at);
                    }
                    F::Header if !f.redirect || !f.refuses => {
                        let first = a().first().and_then(|x| x.first()).and_then(str_value).map(<[u8]>::to_vec);
                        if let Some(v) = first {
                            f.redirect |= v.len() >= 9 && v[..9].eq_ignore_ascii_case(b"location:");
                            f.refuses |= refusal_status(&v);
                        }
                    }
                    F::Write if f.writes_script.is_none() => {
                        let data = a().into_iter().nth(1).unwrap_or_default();
                        let script = data.iter().filter_map(str_value).any(|v| {
                            let v = &v[..v.len().min(4096)];
                            memchr::memmem::find(&v.to_ascii_lowercase(), b"<script").is_some()
                        });
                        if script {
                            f.writes_script = Some(tok.at);
                        }
                    }
                    F::Mail if f.mail_to_input.is_none() && a().first().is_some_and(|x| reads_input(x, inputs)) => {
                        f.mail_to_input = Some(tok.at);
                    }
                    F::Getenv if f.user_agent.is_none() || !f.visitor_address => {
                        let key = a().first().and_then(|x| x.first()).and_then(str_value).map(<[u8]>::to_vec);
                        if key.as_deref().is_some_and(|k| k == b"HTTP_USER_AGENT" || k == b"HTTP_REFERER") {
                            f.user_agent.get_or_insert(tok.at);
                            if f.ua_reads.len() < MAX_UA_READS {
                                f.ua_reads.push(i);
                            }
                        }
                        f.visitor_address |= key.is_some_and(|k| VISITOR_ADDRESS.contains(&k.as_slice()));
                    }
                    F::HostName => f.visitor_address = true,
                    _ => {}
                }
                match kind {
                    F::Socket if f.udp_socket.is_none() => {
                        let udp = a()
                            .first()
                            .and_then(|x| x.first())
                            .and_then(str_value)
                            .is_some_and(|s| s.len() >= 6 && s[..6].eq_ignore_ascii_case(b"udp://"));
                        if udp {
                            f.udp_socket = Some(tok.at);
                        }
                    }
                    _ => {}
                }
            }
            Tok::Var(v) => {
                if is_request(v) {
                    f.request_input = true;
                }
                // PHP's own `system` looked for in the process's memory, to be called past
                // `disable_functions` (an exploit's variable, named after the C function).
                if v.len() == 10 && *v == b"zif_system" && f.memory_exploit.is_none() {
                    f.memory_exploit = Some(tok.at);
                }
                if own_file_vars.len() < MAX_OWN_FILE_VARS
                    && is_op(t.get(i + 1), b"=")
                    && matches!(
                        t.get(i + 2).map(|x| &x.tok),
                        Some(Tok::Ident(b"__FILE__") | Tok::Var(b"_SERVER") | Tok::Op(b"@"))
                    )
                    && !(i > 0 && is_op(t.get(i - 1), b"->"))
                    && t.get(i + 2..t.len().min(i + 8))
                        .and_then(|rest| rest.iter().position(|x| is_op(Some(x), b";")).map(|e| &rest[..e]))
                        .is_some_and(is_own_file)
                {
                    own_file_vars.push(v);
                }
                if *v == b"_SERVER" && is_op(t.get(i + 1), b"[") {
                    let key = t.get(i + 2).and_then(|k| str_value(k).or_else(|| ident(k)));
                    if let Some(k) = key.and_then(|k| LOCATION_KEYS.iter().position(|l| *l == k)) {
                        f.location_keys |= 1 << k;
                    }
                    f.names_site |= key.is_some_and(|k| k == b"HTTP_HOST" || k == b"SERVER_NAME");
                    f.referrer |= key == Some(b"HTTP_REFERER");
                    if key.is_some_and(|k| k == b"HTTP_USER_AGENT" || k == b"HTTP_REFERER") {
                        f.user_agent.get_or_insert(tok.at);
                        if f.ua_reads.len() < MAX_UA_READS {
                            f.ua_reads.push(i);
                        }
                    }
                    f.visitor_address |= key.is_some_and(|k| VISITOR_ADDRESS.contains(&k));
                }
            }
            Tok::Str(quoted) => {
                let (value, vars) = (quoted.value, &quoted.vars);
                if f.key_gate.is_none() && super::gates::key_gate_at(t, i) {
                    f.key_gate = Some(tok.at);
                }
                // A request header read through a getter of the file's own (`k("HTTP_USER_AGENT")`
                // for `$_SERVER[$e]`): read as the header it names.
                // (Or through `filter_input(INPUT_SERVER, 'HTTP_USER_AGENT')`: fresh142's
                // BHMCloaking plugin.)
                let getter = i >= 2
                    && ((is_op(t.get(i - 1), b"(") && matches!(t[i - 2].tok, Tok::Ident(_)))
                        || (is_op(t.get(i - 1), b",")
                            && matches!(t[i - 2].tok, Tok::Ident(w) if w == b"INPUT_SERVER")));
                if getter && VISITOR_ADDRESS.contains(&value) {
                    f.visitor_address = true;
                }
                if (value == b"HTTP_USER_AGENT" || value == b"HTTP_REFERER") && getter {
                    f.user_agent.get_or_insert(tok.at);
                    f.referrer |= value == b"HTTP_REFERER";
                    if f.ua_reads.len() < MAX_UA_READS {
                        f.ua_reads.push(i);
                    }
                }
                f.foreign_script |= !f.foreign_script
                    && value.len() <= 4096
                    && memchr::memchr(b'<', value).is_some()
                    && FOREIGN_SCRIPT.is_match(value);
                // Most literals have none of the words the two readers look for: one scan
                // tells (`Gate::Facts` has both's words; an address pattern starts so).
                if value.len() <= 64 * 1024 && (may_be_ip_wildcard(value) || gates.has(t, i, Gate::Facts)) {
                    literal_facts(&mut f, value, &mut recon_seen);
                    blocklist_facts(&mut f, value, tok.at);
                }
                // A short word kept in base64 (`base64_decode("Z29vZ2xl")` is `google`): read as
                // the word it is (a cloaker hides which crawler it tests for).
                if value.len() <= MAX_ENCODED_WORD
                    && i >= 2
                    && is_op(t.get(i - 1), b"(")
                    && matches!(t[i - 2].tok, Tok::Ident(w) if same_ci(w, b"base64_decode"))
                    && let Some(word) = decoded_word(value)
                {
                    literal_facts(&mut f, &word, &mut recon_seen);
                }
                if f.wrapped_request_path.is_none() && bypass::wraps_request_path(t, i, value, inputs) {
                    f.wrapped_request_path = Some(tok.at);
                }
                if f.sql_writes_file.is_none_or(|(_, code)| !code)
                    && value.len() <= 64 * 1024
                    && memchr::memchr2(b'f', b'F', value).is_some()
                    && let Some(m) = SQL_INTO_FILE.find(value)
                {
                    // The match ends in `outfile` or `dumpfile`.
                    let words = m.as_bytes();
                    let code = words[words.len() - 8..].eq_ignore_ascii_case(b"dumpfile")
                        || memchr::memmem::find(value, b"<?").is_some()
                        || memchr::memmem::find(value, b".php").is_some();
                    f.sql_writes_file = Some((tok.at, code));
                }
                if vars.contains(&&b"_SERVER"[..]) && value.len() <= 4096 {
                    // `"$_SERVER[DOCUMENT_ROOT]"`: the key stays in the text.
                    for (k, key) in LOCATION_KEYS.iter().enumerate() {
                        if memchr::memmem::find(value, key).is_some() {
                            f.location_keys |= 1 << k;
                        }
                    }
                }
                if i >= 2 && !f.recon_shown && one_of(&RECON_SETTINGS, value) {
                    let getter = ident(&t[i - 2]).is_some_and(|n| same_ci(n, b"ini_get") || same_ci(n, b"get_cfg_var"));
                    f.recon_shown = getter && is_op(t.get(i - 1), b"(") && is_shown(t, i - 2);
                }
                if i >= 2 && f.protection_restored.is_none() && one_of(&RECON_SETTINGS[..3], value) {
                    let restore = ident(&t[i - 2]).is_some_and(|n| same_ci(n, b"ini_restore"));
                    if restore && is_op(t.get(i - 1), b"(") {
                        f.protection_restored = Some(t[i - 2].at);
                    }
                }
                if let Some((lines, secret)) = credential_line(t, i, value, vars) {
                    f.credential_lines = f.credential_lines.saturating_add(lines);
                    if secret && f.secret_line.is_none() {
                        f.secret_line = Some(tok.at);
                    }
                }
                if vars.iter().any(|v| is_request(v)) {
                    f.request_input = true;
                }
                if f.php_dropper_literal.is_none() && holds_php_reading_request(value, vars) {
                    f.php_dropper_literal = Some(tok.at);
                }
                // (The port alone only as a request's key: `$_GET[':2083']`; hosting code writes
                // `'https://' . $host . ':2083'`.)
                let key = i >= 2
                    && is_op(t.get(i - 1), b"[")
                    && matches!(t[i - 2].tok, Tok::Var(b"_GET" | b"_REQUEST" | b"_POST"));
                // (Two bytes first: most literals open no PHP.)
                if !f.loader_literal && value.len() <= 512 && value.trim_ascii_start().starts_with(b"<?") {
                    f.loader_literal = [&b"include"[..], b"require"]
                        .iter()
                        .any(|w| value.windows(w.len()).any(|x| x.eq_ignore_ascii_case(w)));
                }
                // (Two comparisons of the literal's end: cPanel's files of the account's contact
                // address, `…/.contactemail`, `…/.cpanel/contactinfo`.)
                if f.account_contact.is_none()
                    && (value.ends_with(b"/.contactemail") || value.ends_with(b"/.cpanel/contactinfo"))
                {
                    f.account_contact = Some(tok.at);
                }
                if f.fake_cpanel_login.is_none() && value.len() <= 512 && is_fake_cpanel_login(value, key) {
                    f.fake_cpanel_login = Some(tok.at);
                }
                // (An address starts the literal: one look at its first letters leaves most. A code
                // host's address may come without its scheme, joined to it elsewhere:
                // fresh116's `'htt' . 'ps://'` before `'raw.githubusercontent.com/…'`.)
                if vars.is_empty()
                    && value.len() <= 512
                    && value
                        .trim_ascii_start()
                        .get(..4)
                        .is_some_and(|h| h.eq_ignore_ascii_case(b"http") || h.eq_ignore_ascii_case(b"raw."))
                {
                    for (slot, pattern) in [
                        (&mut f.code_host_script, &CODE_HOST_SCRIPT),
                        (&mut f.code_host_file, &CODE_HOST_FILE),
                        (&mut f.remote_data_file, &REMOTE_DATA_FILE),
                    ] {
                        if slot.is_none() && pattern.is_match(value) {
                            *slot = Some(tok.at);
                        }
                    }
                }
            }
            Tok::Backtick(quoted) => literal_facts(&mut f, quoted.value, &mut recon_seen),
            _ => {}
        }
    }
    f.recon_literals = recon_seen.iter().filter(|s| **s).count() as u8;
    f.recon_literal_passwd = recon_seen[3];
    f
}

/// Every word one of the literal tests below needs: most literals have none, so they cost
/// one scan.
/// A PHP file's raw text on a code host or a paste site: what droppers fetch and plant.
/// `…/?:2083`, `?:2096` (after a `/` or first), or `:2083` alone as a request's `key`: cPanel's
/// and webmail's ports as a query. (Not a pattern's `(?:2083|…)`.)
fn is_fake_cpanel_login(value: &[u8], key: bool) -> bool {
    let port = |p: &[u8]| matches!(p, b"2082" | b"2083" | b"2086" | b"2087" | b"2095" | b"2096");
    if let Some(k) = value.strip_prefix(b":") {
        return key && port(k);
    }
    // (Most literals have no `?`: one byte search, no searcher made per literal.)
    memchr::memchr_iter(b'?', value).any(|k| {
        let rest = &value[k + 1..];
        (k == 0 || value[k - 1] == b'/')
            && rest.len() >= 5
            && rest[0] == b':'
            && port(&rest[1..5])
            && rest.get(5).is_none_or(|b| !b.is_ascii_alphanumeric())
    })
}

static CODE_HOST_SCRIPT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i-u)^\s*https?://(?:raw\.githubusercontent\.com|gist\.githubusercontent\.com|gitlab\.com/[^\s?#]+/-/raw|bitbucket\.org/[^\s?#]+/raw)/[^\s?#]+\.(?:php\d?|phtml)\s*$",
        r"|^\s*https?://(?:pastebin\.com/raw/[\w-]+|paste\.ee/r/[\w-]+|rentry\.(?:co|org)/[\w-]+/raw)/?\s*$",
    ))
    .expect("pattern compiles")
});

static CODE_HOST_FILE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)^\s*(?:https?://)?(?:[\w-]+\.)*githubusercontent\.com/[^\s?#]+\s*$").expect("pattern compiles")
});
/// A picture's or a text's address on any site (`https://x.example/hx.jpg`).
static REMOTE_DATA_FILE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i-u)^\s*https?://[^\s?#/]+/[^\s?#]*\.(?:jpe?g|png|gif|ico|txt)\s*$").expect("pattern compiles")
});

pub(super) static ANY_LITERAL_WORD: LazyLock<Regex> = LazyLock::new(|| any_word(&LITERAL_WORDS));
pub(super) const LITERAL_WORDS: [&str; 24] = [
    "google",
    "bing",
    "yahoo",
    "yandex",
    "baidu",
    "msnbot",
    "slurp",
    "spider",
    "crawl",
    "bot",
    "http://",
    "https://",
    "aHR0c",
    "location",
    "refresh",
    "/bin/",
    "cmd",
    "PRIVMSG",
    "NICK",
    "JOIN",
    "safe_mode",
    "disable_functions",
    "open_basedir",
    "/etc/passwd",
];

/// A script tag loading from another site (`<script src="//host/…">`, `https://host/…`).
static FOREIGN_SCRIPT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i-u)<script[^>]*\bsrc\s*=\s*["']?(?:https?:)?//[a-z0-9]"#).expect("pattern compiles")
});

/// Most variables holding the script's own path remembered.
const MAX_OWN_FILE_VARS: usize = 8;

/// Whether a literal may start like `IP_WILDCARD` (anchored at the start: `^` or a digit).
pub(super) fn may_be_ip_wildcard(value: &[u8]) -> bool {
    matches!(value.first(), Some(b'^' | b'0'..=b'9'))
}

/// The longest base64 literal read as a word (`decoded_word`).
const MAX_ENCODED_WORD: usize = 256;

/// A base64 literal's text, when it is printable text (a word, an address, a name).
fn decoded_word(value: &[u8]) -> Option<Vec<u8>> {
    let text = crate::detect::base64_decoded(value)?;
    (!text.is_empty() && text.iter().all(|c| c.is_ascii_graphic() || *c == b' ')).then_some(text)
}

/// Whether a name says Googlebot (`is_google_bot`, `isGoogleBot`, `checkGooglebot`).
fn names_googlebot(name: &[u8]) -> bool {
    let letters: Vec<u8> = name.iter().filter(|c| c.is_ascii_alphabetic()).map(u8::to_ascii_lowercase).collect();
    memchr::memmem::find(&letters, b"googlebot").is_some()
}

pub(super) fn literal_facts(f: &mut Facts, value: &[u8], recon_seen: &mut [bool; 4]) {
    if value.len() > 4096 || !ANY_LITERAL_WORD.is_match(value) {
        return;
    }
    // A search engine's name tested against the visitor, and an address on another site: a
    // search engine's own address (fonts, maps) is neither.
    if !(f.crawler_words && f.url_literal) {
        // (An address naming any of Google's hosts is not another site's; only a crawler's name
        // counts as one, not a Google service's.)
        let url = is_address(value);
        f.crawler_words |= !url && names_crawler(value);
        f.url_literal |= url && !CRAWLER.is_match(value);
    }
    if !f.redirect && REDIRECT_TEXT.is_match(value) {
        f.redirect = true;
    }
    if !f.chat_bot && memchr::memmem::find(value, b"api.telegram.org/bot").is_some() {
        f.chat_bot = true;
    }
    if !f.shell_literal && SHELL_BINARY.is_match(value) {
        f.shell_literal = true;
    }
    let all_irc = IRC_MESSAGE | IRC_NICK | IRC_JOIN;
    for c in IRC.captures_iter(value).take(if f.irc == all_irc { 0 } else { 4 }) {
        f.irc |= match c.get(1).or_else(|| c.get(2)).map(|m| m.as_bytes()) {
            Some(b"PRIVMSG") => IRC_MESSAGE,
            Some(b"NICK") => IRC_NICK,
            _ => IRC_JOIN,
        };
    }
    // Searchers built once (`memmem::find` would build one per literal and word).
    static RECON_FINDERS: LazyLock<Vec<memchr::memmem::Finder<'static>>> =
        LazyLock::new(|| RECON_SETTINGS.iter().map(memchr::memmem::Finder::new).collect());
    for (k, w) in RECON_SETTINGS.iter().enumerate() {
        if !recon_seen[k] && value.len() >= w.len() && RECON_FINDERS[k].find(value).is_some() {
            recon_seen[k] = true;
        }
    }
}

/// Whether a literal is a network's first two numbers alone (`64.71`, each at most 255).
fn is_ip_prefix(value: &[u8]) -> bool {
    let Some(dot) = memchr::memchr(b'.', value) else { return false };
    let (a, b) = (&value[..dot], &value[dot + 1..]);
    let octet = |p: &[u8]| {
        !p.is_empty()
            && p.len() <= 3
            && p.iter().all(u8::is_ascii_digit)
            && p.iter().fold(0u32, |n, d| n * 10 + u32::from(d - b'0')) <= 255
    };
    octet(a) && octet(b)
}

/// A phishing filter's blocklist entries in one literal: security services by name, networks
/// by address pattern.
pub(super) fn blocklist_facts(f: &mut Facts, value: &[u8], at: usize) {
    if value.len() > 64 * 1024 {
        return;
    }
    if may_be_ip_wildcard(value) && IP_WILDCARD.is_match(value) {
        f.ip_wildcards = f.ip_wildcards.saturating_add(1);
    }
    if is_ip_prefix(value) {
        f.ip_prefixes = f.ip_prefixes.saturating_add(1);
    }
    if f.hunters.count_ones() < 2 {
        for m in SECURITY_HUNTER.find_iter(value).take(32) {
            f.hunters |= hunter_bit(m.as_bytes());
            f.first_hunter.get_or_insert(at);
        }
    }
}
