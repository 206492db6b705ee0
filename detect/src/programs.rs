//! Perl, Python and shell programs an intruder leaves in an account (`.pl`, `.cgi`, `.py`,
//! `.sh`): what they do, read from their text, each sign needing two or three parts that
//! ordinary scripts do not combine:
//! - packed code run (`eval unpack "u", …`, `exec(zlib.decompress(base64.b64decode(…)))`,
//!   `base64 -d | sh`), or Perl that decodes and runs `eval $variable`;
//! - a shell joined to a network connection (a "back-connect": standard input and output moved
//!   onto a socket, then a shell started; `sh -i <&3 >&3`; `/dev/tcp/…` with `bash -i`;
//!   `nc -e /bin/sh`), or a command read from a connection and run just after;
//! - a bot: the IRC protocol's commands over a socket, or a flooder sending packets in a loop;
//! - a miner kept running: a mining pool's address, a Monero wallet given with a pool, or a
//!   crontab entry installed to start a program every minute;
//! - a download started from a temporary folder, piped into a shell from a bare IP address or
//!   through a downloader kept in a variable, or made after the server's defences were
//!   switched off (`chattr -i` on system files, the firewall or SELinux off);
//! - a CGI web shell: a request's command parameter run as a command;
//! - a config grabber: every account of `/etc/passwd` linked to its sites' configuration
//!   files, or many links made into other accounts' homes;
//! - an injector: PHP code written into files along with a decoded payload.

use std::sync::LazyLock;

use regex::bytes::{Regex, RegexSet};

use crate::detect::{Danger, Why};

/// What a program does that an intruder's does, and where.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sign {
    pub why: Why,
    pub danger: Danger,
    pub at: usize,
}

fn re(p: &str) -> Regex {
    Regex::new(p).expect("program sign regex")
}

/// Packed code run: Perl's `eval` of uudecoded, base64 or hex text; Python's `exec`/`eval` of
/// decompressed or decoded bytes; a shell piping decoded text into a shell.
static RUNS_PACKED: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r#"(?-u)\beval\s*\(?\s*(?:unpack\s*\(?\s*(?:["']u|u\s*=>)|decode_base64|MIME::Base64::decode|pack\s*\(?\s*["']H)"#,
        r#"|\b(?:exec|eval)\s*\(\s*(?:compile\s*\(\s*)?(?:zlib\.decompress|base64\.b64decode|base64\.decodebytes|codecs\.decode|marshal\.loads|bytes\.fromhex|__import__\(\s*["'](?:zlib|base64|marshal|codecs)["']\))"#,
        r#"|(?:base64\s+(?:-d|--decode)|xxd\s+-r|openssl\s+enc\s+-d)[^\n|]{0,200}\|\s*(?:/bin/)?(?:ba)?sh\b"#,
    ))
});

/// Perl decoding (uudecode, base64, hex) and, anywhere, an `eval` of a variable: the packed
/// program decoded into a variable first (`$x = unpack('u*', $x); … eval $x`).
static PERL_DECODES: LazyLock<Regex> =
    LazyLock::new(|| re(r#"(?-u)\bunpack\s*\(?\s*(?:["']u|u\s*=>)|\bdecode_base64\s*\(|\bpack\s*\(?\s*["']H"#));
static EVAL_OF_VARIABLE: LazyLock<Regex> = LazyLock::new(|| re(r"(?-u)\beval\s*\(?\s*\$\w+\s*\)?\s*;"));

/// Standard input and output moved onto one handle, then a shell: Perl's `open(STDIN, ">&S")`
/// and `open(STDOUT, ">&S")`, Python's `os.dup2(s.fileno(), 0)` and `os.dup2(s.fileno(), 1)`
/// (a debugger or a pipe library moves each onto a handle of its own).
static STDIO_DUP: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r#"(?-u)\bopen\s*\(?\s*(?P<perl>STDIN|STDOUT)\s*,\s*["']?\s*[<>+]*\s*&\s*=?\s*\$?(?P<h>\w+)"#,
        r#"|\bdup2\s*\(\s*(?P<py>[\w.]+(?:\.fileno\(\))?)\s*,\s*(?P<fd>[01])\s*\)"#,
    ))
});
static SOCKET: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?-u)\bsocket\s*\(|IO::Socket|socket\.socket|\bsocket\.create_connection|\bTCPSocket\b"));
static SHELL_PROGRAM: LazyLock<Regex> =
    LazyLock::new(|| re(r#"(?-u)/bin/(?:ba|z|k|c|tc)?sh\b|pty\.spawn|\bcmd\.exe\b"#));
/// A shell's own back-connects.
pub(crate) static SHELL_TO_NETWORK: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(?-u)(?:ba)?sh\s+-i\s*<&[^\n]{0,40}>&|(?:ba)?sh\s+<&\s*\d+\s+>&\s*\d|",
        // (The host and port written, or in variables: a cleanup script's pattern of the line it
        // removes, `"bash -i >& /dev/tcp/"`, fresh178's PANIX reverts, connects nowhere.)
        r"/dev/(?:tcp|udp)/[^\s/]+/\d+[^\n]{0,80}(?:0>&1|>&\s*/dev/|<&)|(?:ba)?sh\s+-i\s+[^\n]{0,40}/dev/(?:tcp|udp)/",
        r"(?:[\w.-]+|\$\{?\w+\}?)/(?:\d+|\$\{?\w+\}?)",
        r"|\bnc(?:at)?\b[^\n]{0,80}\s-[ce]\s+/bin/(?:ba)?sh|mkfifo[^\n]{0,120}\|\s*(?:/bin/)?(?:ba)?sh\s+-i[^\n]{0,80}\|\s*nc\b",
    ))
});

/// The server's record of who logged in emptied or removed (`cat /dev/null > /var/log/wtmp`,
/// `rm -f /var/log/lastlog`, `echo > /var/run/utmp`): what an intruder wipes so that no one
/// sees their logins; a site's own scripts never touch them.
static LOGIN_RECORD_WIPED: LazyLock<Regex> = LazyLock::new(|| {
    re(&format!(
        r"(?-u)(?:>\s*|\brm\s+(?:-\w+\s+)*|\btruncate\s[^\n;|]{{0,20}}|\bshred\s[^\n;|]{{0,20}}){LOGIN_RECORD}"
    ))
});
/// The login records' paths (`/var/log/wtmp`, `/var/run/utmp`, `/var/log/lastlog`).
const LOGIN_RECORD: &str = r"/var/(?:log|run|adm)/(?:[uw]tmp|btmp|lastlog)\b";
/// The login records named (`"/var/log/wtmp"`).
static LOGIN_RECORD_NAMED: LazyLock<Regex> = LazyLock::new(|| re(&format!("(?-u){LOGIN_RECORD}")));
/// A file opened to be written over in Python (`open(f, 'wb')`, `'r+b'`).
static OPENED_FOR_WRITING: LazyLock<Regex> =
    LazyLock::new(|| re(r#"(?-u)\bopen\s*\([^)\n]{1,80},\s*['"](?:wb|w|r\+b|rb\+|w\+b)['"]"#));
/// Login records wiped that make a log wiper.
const MANY_WIPES: usize = 2;
/// The shell's history switched off or emptied (`unset HISTFILE`, `HISTFILE=/dev/null`,
/// `export HISTSIZE=0`, `history -c`): commands run so that no one can read them back.
static HISTORY_OFF: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(?-u)\bunset\s+HISTFILE\b|\bHISTFILE=/dev/null\b|\bexport\s+HISTSIZE=0\b|\bHISTSIZE=0\b",
        r"|\bhistory\s+-c",
    ))
});

/// A Telegram bot's messages polled (`…/bot<token>/getUpdates`): orders taken, not only
/// reports sent.
static CHAT_BOT_UPDATES: LazyLock<Regex> = LazyLock::new(|| re(r"(?-u)\bgetUpdates\b"));
/// A text run as a command or code (`eval "$cmd"`, `os.system(cmd)`, `subprocess.run(…)`).
static RUNS_RECEIVED: LazyLock<Regex> = LazyLock::new(|| {
    re(r#"(?-u)\beval\s+["']?\$|\bos\.(?:system|popen)\s*\(|\bsubprocess\.(?:run|Popen|call|check_output)\s*\("#)
});

/// Reading from a connection (a command the other end sends).
static RECEIVES: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?-u)\.recv(?:from)?\s*\(|\bsysread\s*\(|\brecv\s*\(\s*\$?\w+\s*,|<\s*\$(?:sock|socket|client|conn|remote)\w*\s*>",
    )
});
static CONNECTS_OR_LISTENS: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?-u)\.connect\s*\(|\bconnect\s*\(|\.accept\s*\(|\baccept\s*\(|PeerAddr|Listen\s*=>|\bSOCK_RAW\b")
});
/// A bot of Python's IRC library answering what a channel or a user says (`def on_pubmsg(self,
/// connection, event)`).
static IRC_LIBRARY_BOT: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?-u)\bdef\s+on_(?:pub|priv)msg\s*\(|\bdef\s+on_message\s*\([^)\n]*\bevent\b"));

/// The IRC protocol's words a bot sends and reads.
const IRC: [&[u8]; 3] = [b"PRIVMSG", b"NICK", b"JOIN"];
/// A flooder: a flood named and packets sent in a loop.
static FLOOD: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i-u)\b(?:udp|tcp|syn|http|icmp)?_?flood(?:er)?\b|\bslowloris\b"));
/// Data sent on a socket (also Perl's `print $sock "…"`).
static SENDS: LazyLock<Regex> =
    LazyLock::new(|| re(r#"(?-u)\bsend(?:to)?\s*\(|\bsend\s+\$?\w+\s*,|\bprint\s+\$\w*sock\w*\s+["']"#));

/// A process renamed after one of the server's own programs (Perl's `$0 = "httpd"`, Python's
/// `setproctitle`), kept running apart from its parent (`fork`) with a connection: a bot
/// hiding among the web server's processes.
static RENAMES_PROCESS: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?m-u)(?:^|[\s;{(])\$0\s*=\s*[^=~\s]|\bsetproctitle\s*\(|\bprctl\.set_name\s*\(|\bprctl\s*\(\s*15\s*,")
});
static SYSTEM_PROCESS_NAME: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r#"(?-u)["'(\[][^"'\n]{0,60}?(?:\b|/)(?:httpd|apache2?|nginx|sshd|crond?|kworker|kthreadd|ksoftirqd"#,
        r#"|k?swapd0|syslogd|rsyslogd|mysqld|named|smbd|udevd|dbus-daemon|systemd|php-fpm|lsphp|atd|exim|xinetd"#,
        r#"|inetd|sendmail|postfix|rpcbind|portmap|irqbalance|acpid|ntpd|chronyd|polkitd)\b|["']-?bash["']"#,
    ))
});
static FORKS: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?-u)\bfork\s*[();]|\bsetsid\s*\(|\bos\.fork\s*\(|\bdaemon(?:ize)?\s*\("));

/// Lines that kill the processes another listing found (`ps aux | grep x | awk … | xargs kill
/// -9`, `netstat -anp | grep :3333 | … kill -9`, `pkill -f x`, `killall -9 x`); a miner's
/// installer has one for every rival it knows.
static KILL_LINE: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(?m-u)^[^\n#]*(?:\b(?:ps|netstat|ss|lsof|pgrep)\s[^\n]*\|[^\n]*\bkill\b|\bpkill\s+(?:-9\s+)?-f\s",
        r"|\bkillall\s+(?:-9\s+)?\S|\bkill\s+-9\s+[\$`]\(?\s*(?:pgrep|pidof|ps|cat\s+/tmp)\b)",
    ))
});
/// At least this many such lines.
const MANY_KILLS: usize = 4;
/// Every process using much of the processor killed (`ps -o "pid %cpu" | awk '$2>=50' | …
/// kill -9`).
static KILLS_BUSY: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i-u)%cpu[^\n]{0,200}\|[^\n]{0,200}(?:\n[^\n]{0,200}){0,3}\bkill\s+-9"));
/// What a miner's installer does besides: files unlocked, temporary folders, cron, a miner.
static DROPPER_CONTEXT: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i-u)\bchattr\s|/tmp/|/dev/shm|\bcrontab\b|/etc/cron|\bxmr|\bminer|\bpools?\b"));

/// A fixed SSH public key written into `authorized_keys`.
static SSH_KEY: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?-u)\bssh-(?:rsa|ed25519|dss|ecdsa-[\w-]+)\s+AAAA[0-9A-Za-z+/]{60,}"));
static WRITES_AUTHORIZED_KEYS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?-u)>>?\s*["']?[^\s;|&]*authorized_keys\b|\btee\s+(?:-a\s+)?[^\s;|&]*authorized_keys|\bopen\s*\([^)\n]*authorized_keys"#,
    )
});

/// A Monero wallet's address (standard or subaddress) and a pool named in the same program
/// (a miner's configuration written by its installer).
static MONERO_WALLET: LazyLock<Regex> = LazyLock::new(|| re(r"(?-u)\b[48][0-9AB][1-9A-HJ-NP-Za-km-z]{93}\b"));
static POOL: LazyLock<Regex> =
    LazyLock::new(|| re(r#"(?i-u)\bpools?\b|"url"\s*:\s*"[\w.-]+:\d{2,5}"|\s-o\s+[\w.-]+:\d{2,5}\b"#));

/// An address hidden in base64 in a shell program (`house=$(echo aHR0cHM6…|base64 -d)`).
static ECHOED_BASE64: LazyLock<Regex> = LazyLock::new(|| {
    re(r#"(?-u)\becho\s+(?:-n\s+)?["']?(?P<b>[A-Za-z0-9+/]{16,}={0,2})["']?\s*\|\s*base64\s+(?:-d|--decode)\b"#)
});
/// At most this many hidden texts are decoded.
const MAX_ECHOED: usize = 16;

/// A mining pool's address, or a miner's own name run.
static MINER: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?im-u)stratum\+(?:tcp|ssl|tls)://|\b(?:xmrig|minerd|cpuminer|xmr-stak)\b[^\n]{0,80}(?:-o\s|--url|-c\s|&\s*$)")
});
/// A miner's release downloaded (`…/xmrig/releases/download/…`, `…/raw/main/xmrig.tgz`) and
/// started from where it was unpacked, or moved in among the system's programs (fresh143's
/// `textnigg.sh`, `install.sh`, which renames `minerd` to `/usr/bin/sshd`).
static MINER_FETCHED: LazyLock<Regex> = LazyLock::new(|| re(r"(?i-u)https?://\S*(?:xmrig|minerd|cpuminer|xmr-stak)"));
static MINER_STARTED: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?m-u)(?:^|[\s;&|])\./(?:xmrig|minerd|cpuminer)\b|\bmv\s+(?:\S*/)?(?:xmrig|minerd|cpuminer)\s+/(?:usr|bin|sbin|etc|lib)/",
    )
});
/// Other sites' `.env` files asked for (`requests.get(site + '/.env')`, `method = '/.env'`) and
/// their mail, cloud or database passwords picked out: a Laravel credential harvester
/// (fresh143's AlienFox, Androxgh0st, `SmtpExV4`), run from hacked servers against others.
static ENV_FILE_ASKED: LazyLock<Regex> = LazyLock::new(|| re(r#"(?-u)["']/\.env["']"#));
static ENV_SECRET: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?-u)\b(?:MAIL_PASSWORD|AWS_SECRET_ACCESS_KEY|AWS_ACCESS_KEY_ID|SENDGRID_API_KEY|TWILIO_AUTH_TOKEN)\b")
});
/// The cloud machine's own credentials asked of its metadata service (fresh143's TeamTNT-like
/// `aws.sh`): no site's program needs them, a credential thief takes the account with them.
static CLOUD_CREDENTIALS: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(?-u)169\.254\.169\.254/latest/meta-data/(?:iam/security-credentials|identity-credentials)",
        r"|metadata\.google\.internal/computeMetadata/v1/instance/service-accounts/[^\s]*token",
    ))
});
/// Logins of other sites tried from a list in many threads: cPanel's (`:2083/login/?login_only=1`)
/// or WordPress's (fresh142's `start.py`, `lol.py`), a password brute-forcer run from a hacked
/// account.
/// (Or cPanel's login address apart from its port: fresh161's `cPanel.py` tries 2083 and 2087.)
static OTHERS_LOGIN: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?-u):208[23]/login|/login/\?login_only=1|/wp-login\.php|/xmlrpc\.php"));
/// A Perl CGI linking a path its form names (`symlink($FORM{vic}, $FORM{fl})`).
static SYMLINK_FROM_FORM: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?-u)\bsymlink\s*\(\s*(?:\$(?:FORM|in|input|form)\{|(?:\$\w+->)?param\s*\()"));
/// `curl` posting a login whose password is a shell variable (`--data "user=$2&pass=$p"`).
static PASSWORD_POSTED_IN_LOOP: LazyLock<Regex> =
    LazyLock::new(|| re(r#"(?-u)\bcurl\b[^\n]{0,200}(?:--data|-d)\s[^\n]{0,120}\bpass(?:word|wd)?=["']?\$"#));
/// A shell loop over a list's words or lines (`for p in $list`, `while read p`).
static SHELL_LOOP_OVER_LIST: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?-u)\bfor\s+\w+\s+in\s+\$\{?\w+|\bfor\s+\w+\s+in\s+`cat\s|\bwhile\s+(?:IFS=\S*\s+)?read\b"));
/// A mail server logged in to (`smtp.login(user, pw)`, `imap.login(…)`).
static MAIL_LOGIN: LazyLock<Regex> = LazyLock::new(|| re(r"(?-u)\.login\s*\(\s*[\w.\[\]'\x22+@ ]{1,60},"));
/// A line of a list cut into its fields at `|`, `:` or `;` (a cracker's combo list).
static COMBO_SPLIT: LazyLock<Regex> = LazyLock::new(|| re(r#"(?-u)\.split\s*\(\s*['"](?:\||:|;)['"]\s*\)"#));
static THREADS: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?-u)\bThreadPoolExecutor\b|\bthreading\.Thread\b|\bThread\(|\buse threads\b|\bPool\(\d"));
/// Python's mail client sending (`smtplib` and its `sendmail`/`send_message`).
static SMTP_SENDS: LazyLock<Regex> = LazyLock::new(|| re(r"(?-u)\.sendmail\s*\(|\.send_message\s*\("));
/// What a spam sender does and a site's mail never: a made-up mail program's name, mail through
/// a SOCKS proxy, made-up senders' names, a check of which providers put it in the inbox.
static SPAM_SIGN: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?m-u)["']X-Mailer["']\s*\]|["']X-Mailer:|^\s*import\s+socks\b|\bsocks\.set_default_proxy\b|\bFaker\s*\(|['"]Gmail['"]\s*,\s*['"]Outlook['"]"#,
    )
});
/// A SOCKS5 server's answer to a client's greeting (`sock.send("\x05\x00")`): no login asked.
static SOCKS_GREETING_ANSWERED: LazyLock<Regex> =
    LazyLock::new(|| re(r#"(?-u)\.send(?:all)?\s*\(\s*b?["']\\x05\\x00["']"#));
/// A server waiting for connections.
static SERVES: LazyLock<Regex> = LazyLock::new(|| re(r"(?-u)\bTCPServer\b|\.listen\s*\(|\bserve_forever\s*\("));
/// A Monero wallet's address given to a renamed miner with its pool (`./job -o pool:443 -u 4…`).
static WALLET_AND_POOL: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?-u)\s-o\s+[\w.-]+:\d{2,5}\b[^\n]{0,60}\s-u\s+[48][0-9AB][1-9A-HJ-NP-Za-km-z]{93}\b"));

/// A crontab entry installed from the script, run every minute.
static CRONTAB: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?m-u)\bcrontab\s+(?:-l|-\s|-\s*$|[\w./$-]+\s*$)|/var/spool/cron"));
static EVERY_MINUTE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?-u)(?:\*|\*/1)\s+\*\s+\*\s+\*\s+\*\s+[^\n]{0,120}(?:\./[\w.-]+|/tmp/|/dev/shm/|/var/tmp/|/\.[\w-]|\$\{?\w+\}?/)",
    )
});
/// A program started from a temporary or hidden folder, or from the current one in the
/// background.
static STARTS_HIDDEN: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(?m-u)(?:^|[\s;&|(`])(?:/tmp|/var/tmp|/dev/shm|\$HOME/\.|~/\.)[\w./-]*\s*(?:[&>;\n]|$)",
        r"|\bnohup\s+\./|\bsetsid\s+\./|(?:^|[\s;])\./[\w.-]+[^\n;]{0,80}>\s*/dev/null\s+2>&1\s*&",
    ))
});
/// A download.
static DOWNLOADS: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?-u)\b(?:wget|curl|fetch|lwp-download|GET)\s+[^\n]{0,200}https?://"));
/// The server's defences switched off, as droppers do before they download: files unlocked
/// (`chattr -i`), the firewall or SELinux off, hosting providers' monitoring agents removed.
static DEFENCES_OFF: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(?-u)\bchattr\s+(?:-R\s+)?-[ai]+\s+/(?:etc|var|usr|root|tmp)|\bufw\s+disable\b|\bsetenforce\s+0\b",
        r"|\b(?:aliyun|qcloud|bcm-agent|YunJing|cloudmonitor)[\w.-]*(?:\s+|/)(?:uninstall|stop)|\buninstall\.sh\b[^\n]{0,40}(?:aegis|aliyun|qcloud)",
    ))
});
/// A downloader kept in a variable (`LDR="wget -q -O -"`) and something piped into a shell.
static DOWNLOADER_VARIABLE: LazyLock<Regex> = LazyLock::new(|| re(r#"(?-u)\b\w+\s*=\s*["']?(?:wget|curl)\b"#));
static PIPED_TO_SHELL: LazyLock<Regex> = LazyLock::new(|| re(r"(?-u)\|\s*(?:/bin/)?(?:ba)?sh\b"));

/// A scheduled line (cron's five fields or `@reboot`/`@hourly`…) that downloads a script and
/// pipes it into a shell each time it runs: whatever the address serves runs again and again,
/// so a cleaned account is reinfected (fresh135's `wget … -O-|sh` cron line).
static SCHEDULED_FETCH_TO_SHELL: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r#"(?m-u)(?:^|["'(])\s*(?:@(?:reboot|hourly|daily|weekly|monthly)|(?:[*\d][\d*/,-]*\s+){5})"#,
        r"[^\n]{0,120}\b(?:wget|curl)\s[^\n|]{0,160}https?://[^\n|]{0,160}\|\s*(?:/bin/)?(?:ba)?sh\b",
    ))
});
/// A text that starts with a schedule of cron's (its five fields or `@reboot`…) and a command.
static STARTS_SCHEDULED: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?-u)\A\s*(?:@(?:reboot|hourly|daily|weekly|monthly)|(?:[*\d][\d*/,-]*[ \t]+){5})[^\s#]"));

/// A text that starts with an SSH public key, or with `echo` of one.
static STARTS_SSH_KEY: LazyLock<Regex> =
    LazyLock::new(|| re(r#"(?-u)\A\s*(?:echo\s+["']*)?ssh-(?:rsa|ed25519|dss|ecdsa-[\w-]+)\s+AAAA"#));

/// A shell variable given a long base64 text on the first line (`miuae="ZGlybnlh…`).
static STARTS_PACKED_SHELL: LazyLock<Regex> =
    LazyLock::new(|| re(r#"(?-u)\A\s*[A-Za-z_]\w{0,30}=["'][A-Za-z0-9+/]{256}"#));

/// Whether a text starts as a packed shell script without a `#!` line (fresh147's
/// extensionless `1` and `2`: a base64 text, then `echo $miuae | base64 -d | sh`): read as the
/// program it is.
pub(crate) fn packed_shell_head(head: &[u8]) -> bool {
    STARTS_PACKED_SHELL.is_match(head)
}

/// Whether the first bytes of a text note may be shell commands without a `#!` line (what
/// `commands_note` then reads the whole text for): a schedule of cron's, or an SSH key.
pub(crate) fn commands_note_head(head: &[u8]) -> bool {
    STARTS_SCHEDULED.is_match(head) || STARTS_SSH_KEY.is_match(head) || starts_as_commands(head)
}

/// The system's own commands that start a script piped into a shell (`uname -a`, `setenforce
/// 0`, `ulimit -n 50000`, `cd /tmp`): what a worm's stages begin with (fresh161's Redis worm's
/// `ash.pb`, `bsh.pb`, `rsh.pb`, kept without a `#!` line).
const SYSTEM_COMMANDS: [&[u8]; 20] = [
    b"uname",
    b"id",
    b"hostname",
    b"setenforce",
    b"ulimit",
    b"crontab",
    b"cd",
    b"sleep",
    b"iptables",
    b"chattr",
    b"pkill",
    b"killall",
    b"export",
    b"wget",
    b"curl",
    b"systemctl",
    b"mkdir",
    b"chmod",
    b"nohup",
    b"ps",
];
/// The first lines that must all start with one of `SYSTEM_COMMANDS` (fewer in a shorter
/// text, three at least).
const COMMAND_LINES: usize = 4;

/// Whether a text's first `COMMAND_LINES` lines (past blank ones) each start with a system
/// command and one of them is no `cd`, `export` or `sleep`: a shell script without its `#!`.
fn starts_as_commands(head: &[u8]) -> bool {
    let lines = head.split(|c| *c == b'\n').map(<[u8]>::trim_ascii).filter(|l| !l.is_empty()).take(COMMAND_LINES);
    let (mut count, mut strong) = (0, false);
    for line in lines {
        let word = line.split(|c| c.is_ascii_whitespace()).next().unwrap_or_default();
        if !SYSTEM_COMMANDS.contains(&word) {
            return false;
        }
        count += 1;
        strong |= !matches!(word, b"cd" | b"export" | b"sleep");
    }
    count >= 3 && strong
}

/// Whether a text note holds shell commands without a `#!` line: a crontab line (fresh140's
/// `crontab.txt`, a miner's `curl … | sh` every 15 minutes) or a fixed SSH key written into
/// `authorized_keys` (fresh141's `My_ssh.txt`), kept to be pasted or piped into a shell.
pub(crate) fn commands_note(text: &[u8]) -> bool {
    STARTS_SCHEDULED.is_match(text)
        || (SSH_KEY.is_match(text) && WRITES_AUTHORIZED_KEYS.is_match(text))
        || starts_as_commands(&text[..text.len().min(crate::detect::SNIFF)])
}

/// A download from a bare IP address piped straight into a shell.
static IP_PIPED_TO_SHELL: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?-u)\b(?:wget|curl)\s[^\n|]{0,120}https?://\d{1,3}(?:\.\d{1,3}){3}[^\n|]{0,120}\|\s*(?:/bin/)?(?:ba)?sh\b")
});
/// A file kept in a hidden folder of a temporary place handed to a shell (`cat
/// /tmp/.X13-unix/.rsync/initall | bash`, `sh /dev/shm/.x/run`): a miner's or a bot's
/// installer, unpacked where no one looks.
static RUNS_FROM_HIDDEN_TMP: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(?-u)(?:/tmp|/var/tmp|/dev/shm)/\.[\w.-]+/[^\s|;&]*\s*\|\s*(?:/bin/)?(?:ba)?sh\b",
        r"|\b(?:ba)?sh\s+(?:/tmp|/var/tmp|/dev/shm)/\.[\w.-]+/",
        // (Or an archive unpacked there: fresh127's `a.sh` puts a miner in `/tmp/.ICE-unix`.)
        r"|\btar\s[^\n]{0,60}-C\s*[\x22']?(?:/tmp|/var/tmp|/dev/shm)/\.[\w.-]",
    ))
});
/// An exploit's own words: a CVE's number, a root shell, a privilege escalation, a famous
/// exploit's name.
static EXPLOIT_WORD: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(?i-u)\bCVE-\d{4}-\d{4,7}\b|\blocal[ _-]?root\b|\broot[ _-]?shell\b|\bprivilege escalation\b",
        r"|\bdirty_?(?:sock|pipe|cow)\b|\bpwnkit\b|\bbaron samedit\b|\bexploit\b",
    ))
});
/// What only an attack on the system touches: the loader's preload list, set-user-ID
/// programs searched for or made, sudo's own program, snapd's socket, pkexec's environment.
static ROOT_HOLE: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(?-u)/etc/ld\.so\.preload|-perm\s+[-/+]?[46]000\b|\bchmod\b[^\n]{0,40}[\s,(]0?4755\b|\bchmod\s+[ug]?\+s\b",
        r"|/usr/bin/sudo\b|\bsudoedit\b|/run/snapd\.socket|\bGCONV_PATH\b",
    ))
});
/// A download from a bare IP address.
static IP_DOWNLOAD: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?-u)\b(?:wget|curl)\s[^\n|]{0,120}https?://\d{1,3}(?:\.\d{1,3}){3}\b"));
/// A program started from the current folder (`./$name`, `./x`).
/// (Its name also quoted: `./"$BIN"`.)
static RUNS_HERE: LazyLock<Regex> = LazyLock::new(|| re(r#"(?m-u)(?:^|[\s;&|"'(])\./["']?[\$\w{]"#));
/// A program compiled (`gcc -o x x.c`, `g++ -o "$BIN" "$NAME"`: fresh166's auto-rooter).
static COMPILES: LazyLock<Regex> = LazyLock::new(|| re(r"(?-u)(?:\b(?:gcc|cc|clang)|\bg\+\+)\s[^\n]{0,80}-o\s"));
/// A download through Tor (an `.onion` address, a Tor gateway, a SOCKS proxy resolving names):
/// with a file made runnable, a loader fetching its program where no one can take it down.
static THROUGH_TOR: LazyLock<Regex> = LazyLock::new(|| re(r"(?-u)\.onion\b|\btor2web\b|\bsocks5h://"));
/// A PHP script kept on a paste or raw-file site (`raw.githubusercontent.com/…/gecko-new.php`):
/// with a download, a web shell fetched into the site (fresh70's and fresh79's droppers).
/// Software a site installs comes from its own project's address, not a paste.
static PASTED_PHP: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r#"(?i-u)https?://(?:raw\.githubusercontent\.com|gist\.githubusercontent\.com|pastebin\.com/raw|paste\.ee/r"#,
        r#"|rentry\.(?:co|org)|0x0\.st|transfer\.sh)/[^\s"'<>]*\.(?:php\d?|phtml)\b"#,
    ))
});
/// A download by a program (the address may be an argument: `curl -O -f $1`).
static FETCHES: LazyLock<Regex> = LazyLock::new(|| re(r"(?-u)\b(?:wget|curl)\s"));
static MAKES_RUNNABLE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?-u)\bchmod\s+(?:\+x|[0-7]?[157][0-7]{2})\b|\bos\.chmod\s*\("));

/// A downloaded program run by an interpreter or from here, then deleted (a dropper covering
/// its tracks: `wget …/doc2; chmod +x doc2; perl doc2; rm -rf doc2`): the file's name, from the
/// address's last part or curl's and wget's `-o`/`-O`.
static DOWNLOADED_NAME: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?-u)\b(?:wget|curl)\b[^\n;|&]{0,200}?(?:https?://[^\s'"]*/(?P<url>[\w.-]{2,64})(?:[\s'";|&]|$)|\s-[oO]\s*["']?(?P<out>[\w.-]{2,64}))"#,
    )
});
/// At most this many downloaded names are followed.
const MAX_DOWNLOADS: usize = 8;
/// Remote-access tools intruders install for a shell that survives a password change
/// (Global Socket's `gs-netcat`, its process disguised as `gs-dbus`, its installers, and the
/// packer they hide it with).
pub(crate) static REMOTE_ACCESS_TOOL: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?-u)\bgs-netcat\b|\bgs-dbus\b|\bgsocket\.io\b|\bgs\.thc\.org\b|\bsegfault\.net/deploy|\bbincrypter\b")
});
/// NPS's tunnel client started with its server and key (`npc -server=… -vkey=…`, fresh148's
/// `u.sh`): whoever holds the key reaches the account through any firewall.
static TUNNEL_CLIENT: LazyLock<Regex> = LazyLock::new(|| re(r"(?-u)\bnpc\s+-server=\S+\s+-vkey="));

/// A CGI request read (Perl, Python).
static CGI_REQUEST: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r#"(?-u)\$ENV\{\s*["']?(?:QUERY_STRING|CONTENT_LENGTH)|\bread\s*\(\s*STDIN\s*,"#,
        r#"|cgi\.FieldStorage|os\.environ(?:\.get\(|\[)\s*["'](?:QUERY_STRING|CONTENT_LENGTH)"#,
    ))
});
/// The CGI module's reader of a request's field.
static CGI_PARAM: LazyLock<Regex> = LazyLock::new(|| re(r"(?-u)\bparam\s*\("));
/// A command run from a variable (Perl: backticks, `qx`, `system $c`, also of the variable
/// decoded, `system(decode_base64($in{"cmd"}))`, a pipe opened from a command; Python:
/// `os.system`, `os.popen`, `subprocess`).
static RUNS_VARIABLE_COMMAND: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r#"(?-u)`[^`\n]{0,40}\$\w+|\bqx\s*[({/|!][^\n]{0,40}\$\w+"#,
        r#"|\b(?:system|exec)\s*\(?\s*(?:(?:decode_base64|MIME::Base64::decode(?:_base64)?|uri_unescape)\s*\(\s*)?["']?\$\w+"#,
        r#"|\bopen\s*\(?\s*\w+\s*,\s*["']?[^"'$\n]{0,10}\$\w+[^\n]{0,40}\|\s*["']"#,
        r#"|\bos\.(?:system|popen)\s*\(\s*\w+|\bsubprocess\.(?:Popen|call|check_output|run|getoutput)\s*\(\s*\w+|\bpopen[234]?\s*\(\s*\w+"#,
    ))
});
/// A shell `case` branch for a request parameter whose name says "command" (`cmd)`).
static COMMAND_PARAMETER_SHELL: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?im-u)^[ \t]*(?:cmd|command|exec|execute|shell)\)"));
/// A request parameter whose name says "command".
static COMMAND_PARAMETER: LazyLock<Regex> =
    LazyLock::new(|| re(r#"(?i-u)["'\{](?:cmd|command|comm|cmnd|execute|exec|shell|runcmd|c)["'\}]"#));

/// The whole query string kept in a variable (`$req = $ENV{QUERY_STRING};`, `my ($q) = …`,
/// quoted or unescaped; also through Perl's `$_`), and copies of such a variable.
static QUERY_INTO_VARIABLE: LazyLock<Regex> =
    LazyLock::new(|| re(r#"(?-u)\(?\s*\$(?P<v>\w+)\s*\)?\s*=\s*(?:[\w:]+\s*\(\s*)?["']?\$ENV\{\s*["']?QUERY_STRING"#));
static VARIABLE_COPY: LazyLock<Regex> =
    LazyLock::new(|| re(r#"(?-u)\$(?P<to>\w+)\s*=\s*["']?\$(?P<from>\w+)\s*["']?\s*;"#));
/// A command run (backticks, `qx`, `system`/`exec` with any arguments, a pipe opened from a
/// command): the text it is given, up to where it ends (`cmd`).
static COMMAND_RUN: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r#"(?-u)`(?P<cmd>[^`]{1,300})`|\bqx\s*[({/|!](?P<qx>[^\n]{1,300})"#,
        r#"|\b(?:system|exec)\s*\(?(?P<args>[^;\n]{1,300})"#,
        r#"|\bopen\s*\(?\s*\w+\s*,\s*(?P<pipe>["'][^"'\n]{0,300}\|\s*["'])"#,
    ))
});
/// A shell CGI: the query string read (`set $QUERY_STRING`, `${QUERY_STRING}`), and a line that
/// is nothing but a variable run as a command (`$CMD`, `eval "$c"`).
static SHELL_QUERY: LazyLock<Regex> = LazyLock::new(|| re(r"(?-u)\$\{?QUERY_STRING\b"));
/// A CGI's header printed by the shell (`echo -e "Content-type: text/html\n\n"`).
static CGI_HEADER_PRINTED: LazyLock<Regex> =
    LazyLock::new(|| re(r#"(?i-u)\b(?:echo|printf)\b[^\n]{0,12}["']?Content-type:"#));
/// A variable's text run by `eval` (`eval ${query}`, `eval "$cmd"`).
static EVAL_OF_SHELL_VARIABLE: LazyLock<Regex> =
    LazyLock::new(|| re(r#"(?m-u)^[ \t]*eval[ \t]+"?\$\{?[A-Za-z_]\w*\}?"?[ \t]*$"#));
static RUNS_VARIABLE_LINE: LazyLock<Regex> =
    LazyLock::new(|| re(r#"(?m-u)^[ \t]*(?:eval[ \t]+)?"?\$\{?[A-Za-z_]\w*\}?"?[ \t]*(?:2>&1[ \t]*)?$"#));
/// At most this many variables are followed from the query string, and this many commands read.
const MAX_QUERY_VARIABLES: usize = 16;
const MAX_COMMANDS: usize = 64;

/// Links made to files in other accounts' homes (three or more: a grabber walks them).
static LINKS_INTO_HOMES: LazyLock<Regex> =
    LazyLock::new(|| re(r#"(?-u)\bsymlink\s*\(?\s*["']/home\d*/|os\.symlink\s*\(\s*["']/home\d*/"#));
const MANY_LINKS: usize = 3;

/// PHP code written into files, with a payload decoded (a re-infector kept running in Python or
/// Perl).
static WRITES_FILES: LazyLock<Regex> =
    LazyLock::new(|| re(r#"(?-u)\bopen\s*\([^)\n]{0,120},\s*["'][wa]b?\+?["']|\bopen\s*\(?\s*\w+\s*,\s*["']?>>?"#));
static DECODES: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?-u)b64decode|decodebytes|zlib\.decompress|decode_base64|\bunpack\s*\(?\s*[\x22']u"));

/// A mass defacer: folders walked (Perl's `opendir` or `File::Find`, Python's `os.walk`, the
/// shell's `find … -name`), home pages named (`index.html`, `index.`, `-name "index.*"`), and a
/// file written or copied over them.
static WALKS_FOLDERS: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?-u)\bopendir\s*\(|File::Find|\bos\.walk\s*\(|(?:^|[\s;|`(])find\s+[^\n]{0,80}-i?name\b|\bglob\s*\(\s*[\x22'][^\x22'\n]{0,60}\*\.(?:php|html?)\b",
    )
});
/// A loop that never ends (`while true`, `while :`, `while True:`, `while 1`).
static ENDLESS_LOOP: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?m-u)^[ \t]*while[ \t]+(?:true|True|:|1|\[[ \t]*1[ \t]*\])[ \t]*(?:;|:|$|do\b)"));
/// A file or folder made read-only for its owner (`chmod 555`, `chmod 0444`,
/// `os.chmod(p, stat.S_IRUSR)`, `os.chmod(p, 0o444)`).
static MADE_READ_ONLY: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?-u)\bchmod\s+(?:-R\s+)?0?[45][0-7]{2}\b|\bchmod\s*\([^,\n]+,\s*(?:stat\.S_IRUSR\b|0o?[45][0-7]{2}\b)")
});
/// A file written or copied back (`cp`, a redirect into a file, `open(…, 'w')`, `shutil.copy`).
static PUTS_BACK: LazyLock<Regex> =
    LazyLock::new(|| re(r#"(?-u)(?:^|[\s;|&])cp\s|\bcat\s[^\n]*>\s*\S|\bopen\([^)\n]*['"]w['"]|\bshutil\.copy"#));
/// A site's PHP file or web folder named.
static SITE_FILE: LazyLock<Regex> = LazyLock::new(|| re(r"(?i-u)\.php\b|public_html|/var/www"));
/// (Every page of a folder, `glob("*.php")`, holds its home page.)
static HOME_PAGES: LazyLock<Regex> = LazyLock::new(|| {
    re(r#"(?i-u)\bindex\.(?:html?\b|php\b|asp\b|\*|[\s"'])|\bglob\s*\(\s*["'][^"'\n]{0,60}\*\.(?:php|html?)\b"#)
});
/// Other sites' web folders, or the defacer's own words (a site's own index builder names
/// neither).
static DEFACER_TARGETS: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?i-u)/home\d*/|public_html|\bhtdocs\b|\bwwwroot\b|/var/www|/www\b|\bdeface|\bhacked\b|\bowned\b")
});
/// A defacer's own word for itself.
static DEFACE_WORD: LazyLock<Regex> = LazyLock::new(|| re(r"(?i-u)\bdeface"));
/// A file sent by HTTP PUT to a path under each site of a list (`s.put(site + "/" + script,
/// data=op)`): a page written onto every server that accepts WebDAV uploads.
static PUTS_ONTO_SITES: LazyLock<Regex> = LazyLock::new(|| re(r#"(?-u)\.put\(\s*\w+\s*\+\s*["']/["']\s*\+\s*\w+"#));
/// (Or each line of an open file stripped into a list: `[line.strip() for line in f]`.)
static READS_LIST_LINES: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?-u)\.readlines\(\)|\.read\(\)\.splitlines\(\)|\bfor\s+\w+\s+in\s+open\(|\[\s*\w+\.strip\(\)\s+for\s+\w+\s+in\s+\w+\s*\]",
    )
});
/// A file copied or written by the shell (`cp`, a redirect into a file).
static COPIES: LazyLock<Regex> = LazyLock::new(|| re(r"(?-u)(?:^|[\s;|&/])cp\s|>\s*[\x22']?\$"));
static PUTS_FILE: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r#"(?-u)\bopen\s*\([^)\n]{0,120},\s*["'][wa]b?\+?["']|\bopen\s*\(?\s*(?:my\s+)?\$?\w+\s*,\s*["']?\+?>>?"#,
        r#"|\bcp\s*\(|\bcopy\s*\(|shutil\.copy|-exec\s+cp\s"#,
    ))
});

/// Every account's sites' configuration files, linked or copied (or printed into a file of
/// the grabber's: fresh106's `conf.sh` appends each one with `cat "$path" >> "$out"`).
static CONFIG_FILES: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new([
        r"(?-u)/etc/passwd",
        // (Or copied out of each one's home: fresh170's `d4swconfig.sh`, `cp /home/$i/public_html/wp-config.php`.)
        r#"(?-u)\bsymlink\b|\bln\s+-s\b|os\.symlink|\bcat\s+"?\$\{?\w+\}?"?\s*>>?\s*"?\$|\bcp\s+/home\d?/\$\{?\w+\}?/"#,
        r"(?-u)wp-config\.php|configuration\.php",
    ])
    .expect("config grabber regexes")
});

/// A file downloaded over a path the program names (`wget … -O "$f"`, `curl … -o`,
/// `urlretrieve(url, dest)`).
pub(crate) static DOWNLOADS_OVER: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?-u)\bwget\b[^\n]{0,200}\s-O\s|\bcurl\b[^\n]{0,200}\s-o\s|\burlretrieve\s*\("));
/// Two files compared (`md5sum`, `sha1sum`, `cmp -s`, `diff -q`, Python's `filecmp` or
/// `hashlib`).
static COMPARES_FILES: LazyLock<Regex> = LazyLock::new(|| {
    re(r"(?-u)\b(?:md5sum|sha1sum|sha256sum|cksum)\b|\bcmp\s+-s\b|\bdiff\s+-q\b|\bfilecmp\.|\bhashlib\.")
});
/// A PHP file's path written in the program.
pub(crate) static PHP_PATH: LazyLock<Regex> = LazyLock::new(|| re(r#"(?-u)["'][^"'\n]{0,200}\.php\d?["']"#));
/// (Or for a variable's seconds: `sleep "$SLEEP"`.)
static SLEEPS: LazyLock<Regex> =
    LazyLock::new(|| re(r#"(?-u)\bsleep\s+\d|\bsleep\s+["']?\$\{?\w|\btime\.sleep\s*\(|\bsleep\s*\("#));
/// A test that a file is missing (`[ ! -f "$TARGET" ]`, `if not os.path.exists(p)`).
static MISSING_TEST: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?-u)\[\[?\s*!\s+-[fe]\s|\bnot\s+os\.path\.(?:exists|isfile)\s*\("));
/// A watch without end on files being deleted (`inotifywait -m -e delete`, in either order).
static WATCHES_DELETES: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r"(?-u)\binotifywait\b[^\n|]{0,80}\s(?:-m|--monitor)\b[^\n|]{0,80}\bdelete",
        r"|\binotifywait\b[^\n|]{0,80}\bdelete[^\n|]{0,80}\s(?:-m|--monitor)\b",
    ))
});

/// The signs of an intruder's program in this text (at most one per reason).
pub fn signs(text: &[u8]) -> Vec<Sign> {
    let mut out = Vec::new();
    let mut add = |why, danger, at| out.push(Sign { why, danger, at });
    let find = |r: &Regex| r.find(text).map(|m| m.start());
    let has = |w: &[u8]| memchr::memmem::find(text, w).is_some();

    if let Some(at) = find(&RUNS_PACKED) {
        add(Why::EvalOfDecoded, Danger::High, at);
    } else if let Some(at) = find(&EVAL_OF_VARIABLE)
        && PERL_DECODES.is_match(text)
    {
        add(Why::EvalOfDecoded, Danger::High, at);
    }
    if let Some(at) = stdio_on_one_handle(text)
        && SOCKET.is_match(text)
        && SHELL_PROGRAM.is_match(text)
    {
        add(Why::RemoteShell, Danger::Critical, at);
    } else if let Some(at) = find(&SHELL_TO_NETWORK)
        .filter(|_| SOCKET.is_match(text) || has(b"/dev/tcp/") || has(b"nc") || has(b"fsockopen"))
    {
        add(Why::RemoteShell, Danger::Critical, at);
    } else if let Some(at) = runs_what_it_receives(text)
        && SOCKET.is_match(text)
        && CONNECTS_OR_LISTENS.is_match(text)
    {
        // A command read from a connection and run: a bind or back-connect shell without a
        // terminal.
        add(Why::RemoteShell, Danger::Critical, at);
    } else if let Some(at) = fd_socket_evaluated(text).or_else(|| find(&TUNNEL_CLIENT)) {
        add(Why::RemoteShell, Danger::Critical, at);
    }
    let socket = find(&SOCKET);
    if let Some(at) = socket
        && IRC.iter().all(|w| has(w))
    {
        add(Why::NetworkBot, Danger::High, at);
    } else if let Some(at) = find(&IRC_LIBRARY_BOT).filter(|_| RUNS_RECEIVED.is_match(text)) {
        // An IRC library's bot running what the channel says (fresh149's `cmdbot.py`:
        // `os.popen(cmd)` of a `!nick` message, the output sent back line by line).
        add(Why::NetworkBot, Danger::High, at);
    } else if let Some(at) = find(&CHAT_BOT_UPDATES).filter(|_| RUNS_RECEIVED.is_match(text)) {
        // Commands polled from a Telegram bot's chat and run (fresh111's bash `server`).
        add(Why::NetworkBot, Danger::High, at);
    } else if let (Some(_), Some(at)) = (socket, find(&FLOOD))
        && SENDS.is_match(text)
    {
        add(Why::NetworkBot, Danger::High, at);
    }
    if let Some(at) = find(&MINER)
        .or_else(|| find(&WALLET_AND_POOL))
        .or_else(|| find(&MONERO_WALLET).filter(|_| POOL.is_match(text)))
        .or_else(|| find(&MINER_FETCHED).filter(|_| MINER_STARTED.is_match(text)))
    {
        add(Why::StartsProgram, Danger::High, at);
    } else if let Some(at) = find(&CRONTAB)
        && EVERY_MINUTE.is_match(text)
    {
        add(Why::StartsProgram, Danger::High, at);
    }
    if let Some(at) = find(&OTHERS_LOGIN)
        && THREADS.is_match(text)
        && READS_LIST_LINES.is_match(text)
    {
        add(Why::PasswordCracker, Danger::High, at);
    } else if let Some(at) = find(&PASSWORD_POSTED_IN_LOOP)
        && SHELL_LOOP_OVER_LIST.is_match(text)
    {
        // A shell loop over a word list posting each to a login (fresh170's `cpanel.sh`).
        add(Why::PasswordCracker, Danger::High, at);
    } else if let Some(at) = find(&MAIL_LOGIN)
        && (has(b"smtplib") || has(b"imaplib"))
        && COMBO_SPLIT.is_match(text)
        && (THREADS.is_match(text) || READS_LIST_LINES.is_match(text) || has(b".splitlines()") || has(b"Pool("))
    {
        // Mail servers' logins tried from a list of `host|port|user|password` or `mail:pass`
        // lines (fresh167's SMTP crackers and checkers).
        add(Why::PasswordCracker, Danger::High, at);
    }
    if has(b"smtplib")
        && let Some(at) = find(&SMTP_SENDS)
        && THREADS.is_match(text)
        && (READS_LIST_LINES.is_match(text) || has(b".splitlines()"))
        && SPAM_SIGN.is_match(text)
    {
        // Mail sent from threads to a list read from a file, with a spammer's tricks
        // (fresh142's MadCat mailer, fresh146's `main.py` with its SOCKS proxy and Faker names).
        add(Why::BulkMailer, Danger::High, at);
    }
    if let Some(at) = find(&SOCKS_GREETING_ANSWERED)
        && SERVES.is_match(text)
    {
        // A SOCKS5 proxy anyone may use (fresh148's `s.py`): the intruder's traffic leaves from
        // the site's address.
        add(Why::NetworkFromInput, Danger::High, at);
    }
    if let Some(at) = find(&RENAMES_PROCESS)
        && SYSTEM_PROCESS_NAME.is_match(text)
        && FORKS.is_match(text)
        && SOCKET.is_match(text)
    {
        add(Why::HidesAsSystemProcess, Danger::High, at);
    }
    if let Some(at) = find(&KILLS_BUSY).or_else(|| {
        let mut kills = KILL_LINE.find_iter(text);
        let first = kills.next()?.start();
        (kills.take(MANY_KILLS - 1).count() == MANY_KILLS - 1).then_some(first)
    }) && DROPPER_CONTEXT.is_match(text)
    {
        add(Why::KillsRivals, Danger::High, at);
    }
    if let Some(at) = find(&SSH_KEY)
        && WRITES_AUTHORIZED_KEYS.is_match(text)
    {
        add(Why::AddsSshKey, Danger::High, at);
    }
    if let Some(at) = find(&EXPLOIT_WORD)
        && (ROOT_HOLE.is_match(text) || (COMPILES.is_match(text) && FETCHES.is_match(text) && RUNS_HERE.is_match(text)))
    {
        // An exploit that says what it is, aimed at a hole only root's files have (fresh127's
        // `lpe.sh`, `screenroot.sh`, `dirty_sockv2.py`, the sudo `exploit_nss.py`); or that
        // downloads exploits' sources, compiles and runs them (fresh131's AnonGhost
        // auto-rooter).
        add(Why::LocalRootExploit, Danger::High, at);
    }
    if let Some(at) = find(&IP_PIPED_TO_SHELL).or_else(|| find(&SCHEDULED_FETCH_TO_SHELL)) {
        add(Why::DownloadsProgram, Danger::High, at);
    } else if let Some(at) = hidden_address(text).filter(|_| FETCHES.is_match(text)) {
        add(Why::DownloadsProgram, Danger::High, at);
    } else if let Some(at) = find(&DEFENCES_OFF)
        && (DOWNLOADS.is_match(text) || DOWNLOADER_VARIABLE.is_match(text))
    {
        add(Why::DownloadsProgram, Danger::High, at);
    } else if let Some(at) = find(&DOWNLOADER_VARIABLE)
        && PIPED_TO_SHELL.is_match(text)
    {
        add(Why::DownloadsProgram, Danger::High, at);
    } else if let Some(at) = find(&DOWNLOADS)
        && MAKES_RUNNABLE.is_match(text)
        && (STARTS_HIDDEN.is_match(text) || run_then_deleted(text))
    {
        add(Why::DownloadsProgram, Danger::High, at);
    } else if let Some(at) = find(&REMOTE_ACCESS_TOOL).filter(|_| FETCHES.is_match(text)) {
        // (The download's address may be a variable's: fresh127's `net.sh` installs
        // `gs-netcat` from `$REPO_URL`.)
        add(Why::DownloadsProgram, Danger::High, at);
    } else if let Some(at) = find(&IP_DOWNLOAD)
        && MAKES_RUNNABLE.is_match(text)
        && RUNS_HERE.is_match(text)
    {
        // A program downloaded from a bare address, made runnable and started (fresh127's
        // `auto`: a list of local-root exploits tried one by one).
        add(Why::DownloadsProgram, Danger::High, at);
    } else if let Some(at) = find(&ENDLESS_LOOP)
        && DOWNLOADS.is_match(text)
        && MAKES_RUNNABLE.is_match(text)
    {
        // A program downloaded again and again, made runnable (fresh127's `guardian`
        // fetches its partner whenever it is deleted).
        add(Why::DownloadsProgram, Danger::High, at);
    } else if let Some(at) = find(&RUNS_FROM_HIDDEN_TMP).filter(|_| FETCHES.is_match(text)) {
        add(Why::DownloadsProgram, Danger::High, at);
    } else if let Some(at) = find(&THROUGH_TOR).filter(|_| MAKES_RUNNABLE.is_match(text)) {
        add(Why::DownloadsProgram, Danger::High, at);
    } else if let Some(at) = find(&PASTED_PHP).filter(|_| FETCHES.is_match(text)) {
        add(Why::DownloadsProgram, Danger::High, at);
    }
    // (`param(` is the CGI module's only where the program loads it: a command line tool's
    // option reader has one too.)
    let cgi_param = || loads_cgi_module(text).then(|| find(&CGI_PARAM)).flatten();
    if let Some(at) = find(&CGI_REQUEST).or_else(cgi_param)
        && RUNS_VARIABLE_COMMAND.is_match(text)
        && COMMAND_PARAMETER.is_match(text)
    {
        add(Why::ShellFromInput, Danger::High, at);
    } else if let Some(at) = query_run_as_command(text).or_else(|| field_run_as_command(text)) {
        add(Why::ShellFromInput, Danger::High, at);
    } else if SHELL_QUERY.is_match(text)
        && COMMAND_PARAMETER_SHELL.is_match(text)
        && let Some(at) = find(&RUNS_VARIABLE_LINE)
    {
        // A shell script's CGI command field run as a line of its own.
        add(Why::ShellFromInput, Danger::High, at);
    } else if SHELL_QUERY.is_match(text)
        && CGI_HEADER_PRINTED.is_match(text)
        && let Some(at) = find(&EVAL_OF_SHELL_VARIABLE)
    {
        // Or a shell CGI that reads the query or the posted fields into variables and `eval`s
        // one (the ALFA shell's `bash.alfa`, fresh161's copy; weevely's `cgi.sh`, fresh178's).
        add(Why::ShellFromInput, Danger::High, at);
    }
    if let Some(at) = find(&SYMLINK_FROM_FORM) {
        // A link made where the form says, to what it says (fresh170's "Perl Symlink v.2" links
        // `/home/victim/public_html/…/config.php` into the intruder's folder).
        add(Why::ReadsOtherSites, Danger::High, at);
    } else if CONFIG_FILES.matches(text).matched_all() {
        let at = memchr::memmem::find(text, b"/etc/passwd").unwrap_or(0);
        add(Why::ReadsOtherSites, Danger::High, at);
    } else if let Some(at) =
        find(&ENV_FILE_ASKED).filter(|_| ENV_SECRET.is_match(text)).or_else(|| find(&CLOUD_CREDENTIALS))
    {
        add(Why::ReadsOtherSites, Danger::High, at);
    } else if let Some(at) = find(&LINKS_INTO_HOMES)
        && LINKS_INTO_HOMES.find_iter(text).take(MANY_LINKS).count() == MANY_LINKS
    {
        add(Why::ReadsOtherSites, Danger::High, at);
    }
    // A watchdog: a loop that never ends puts a site's file back and makes it (or its folder)
    // read-only, so that a cleanup is undone within seconds (fresh86's bash and Python ones).
    // (Or downloads a PHP file over itself again between sleeps: fresh125's `lockpermision.py`
    // fetches the hijacked `index.php` whenever it is gone, its `skrip-wget-content.sh`
    // whenever it changes.)
    if let Some(at) = find(&LOGIN_RECORD_WIPED)
        && LOGIN_RECORD_WIPED.find_iter(text).take(MANY_WIPES).count() == MANY_WIPES
    {
        // (fresh158's `clog.sh` empties `utmp`, `wtmp` and `btmp` after deleting every log.)
        add(Why::ErasesLogs, Danger::High, at);
    } else if let Some(at) = find(&LOGIN_RECORD_NAMED)
        && LOGIN_RECORD_NAMED.find_iter(text).take(MANY_WIPES).count() == MANY_WIPES
        && OPENED_FOR_WRITING.is_match(text)
    {
        // (Or rewrites their records in place: fresh161's `LLC.py` takes an intruder's logins
        // out of `wtmp`, `utmp` and `lastlog`.)
        add(Why::ErasesLogs, Danger::High, at);
    } else if let Some(at) = find(&HISTORY_OFF) {
        // (fresh161's rootkit installers and reconnaissance scripts start so.)
        add(Why::ErasesLogs, Danger::Medium, at);
    }
    let endless = find(&ENDLESS_LOOP);
    if let Some(at) = endless
        && MADE_READ_ONLY.is_match(text)
        && PUTS_BACK.is_match(text)
        && SITE_FILE.is_match(text)
    {
        add(Why::RewritesFilesForever, Danger::High, at);
    } else if let Some(at) = endless
        && DOWNLOADS_OVER.is_match(text)
        && PHP_PATH.is_match(text)
        && SLEEPS.is_match(text)
    {
        add(Why::RewritesFilesForever, Danger::High, at);
    } else if let Some(at) = endless
        && COMPARES_FILES.is_match(text)
        && PUTS_BACK.is_match(text)
        && SITE_FILE.is_match(text)
        && SLEEPS.is_match(text)
    {
        // (Or copies a kept PHP file back whenever its checksum changes: fresh125's
        // extensionless `andel+notic`, which tells a chat bot each time.)
        add(Why::RewritesFilesForever, Danger::High, at);
    } else if let Some(at) = endless
        && MISSING_TEST.is_match(text)
        && PUTS_BACK.is_match(text)
        && PHP_PATH.is_match(text)
        && SLEEPS.is_match(text)
    {
        // (Or copies a kept PHP file back whenever it is gone: fresh162's `restore_esbatu.sh`
        // checks every two seconds.)
        add(Why::RewritesFilesForever, Danger::High, at);
    } else if let Some(at) = find(&WATCHES_DELETES)
        && PUTS_BACK.is_match(text)
        && SITE_FILE.is_match(text)
    {
        // (Or is told of each deletion and copies the file back: fresh155's `notic` keeps a
        // slot-spam `index.php` alive through `inotifywait -m -e delete`.)
        add(Why::RewritesFilesForever, Danger::High, at);
    }
    if let Some(at) = find(&WALKS_FOLDERS)
        && HOME_PAGES.is_match(text)
        && PUTS_FILE.is_match(text)
        && DEFACER_TARGETS.is_match(text)
    {
        add(Why::MassDefacer, Danger::High, at);
    } else if let Some(at) = find(&DEFACE_WORD)
        && has(b"/etc/passwd")
        && has(b"public_html")
        && COPIES.is_match(text)
    {
        // Every account of the server found from `/etc/passwd` and a file copied into each
        // one's web folder, by a tool that says what it is for (fresh111's IndoXploit
        // `mass.sh`).
        add(Why::MassDefacer, Danger::High, at);
    } else if let Some(at) = find(&PUTS_ONTO_SITES)
        && READS_LIST_LINES.is_match(text)
    {
        // (fresh139's `webdav.py`: a page PUT onto each site of `target.txt`.)
        add(Why::MassDefacer, Danger::High, at);
    }
    if let Some(at) = memchr::memmem::find(text, b"<?php")
        && WRITES_FILES.is_match(text)
        && DECODES.is_match(text)
    {
        add(Why::InjectsHiddenCode, Danger::High, at);
    }
    // A lockdown kept in the program to be written as `.htaccess` (fresh78's `ht.sh` writes it
    // into every folder): each here-document is read as the file it becomes. (Each alone: a
    // deployment writes an upload folder's refusal and the dashboard's exceptions apart.)
    if has(b".htaccess")
        && let Some(at) = here_documents(text).into_iter().find_map(|(from, body)| {
            crate::conf::check(".htaccess", body, &[])
                .into_iter()
                .find(|h| h.why == Why::PhpLockdown && h.danger >= Danger::High)
                .map(|h| from + h.at)
        })
    {
        add(Why::PhpLockdown, Danger::High, at);
    }
    out
}

/// Most here-documents of one program read.
const MAX_HERE_DOCUMENTS: usize = 16;

/// The shell's here-documents (`<<EOL` … `EOL`, also `<<-'EOF'`): where each body starts, and
/// the body.
fn here_documents(text: &[u8]) -> Vec<(usize, &[u8])> {
    let mut out = Vec::new();
    let mut from = 0;
    while out.len() < MAX_HERE_DOCUMENTS
        && let Some(k) = memchr::memmem::find(&text[from..], b"<<").map(|k| k + from)
    {
        // `<<EOL`, `<<-EOL`, `<< 'EOL'`, `<<"EOL"`, `<<\EOL`.
        let rest = &text[k + 2..];
        let rest = rest.strip_prefix(b"-").unwrap_or(rest);
        let rest = &rest[rest.iter().take_while(|c| matches!(c, b' ' | b'\t')).count()..];
        let rest = rest
            .strip_prefix(b"'")
            .or_else(|| rest.strip_prefix(b"\""))
            .or_else(|| rest.strip_prefix(b"\\"))
            .unwrap_or(rest);
        let word_len = rest.iter().take_while(|c| c.is_ascii_alphanumeric() || **c == b'_').count();
        from = k + 2;
        if word_len == 0 {
            continue;
        }
        let word = &rest[..word_len];
        let Some(start) = memchr::memchr(b'\n', &text[k..]).map(|n| k + n + 1) else { break };
        // The body ends at the line that is the word alone (tabs before it with `<<-`).
        let mut end = start;
        let mut closed = false;
        for line in text[start..].split(|c| *c == b'\n') {
            if line.trim_ascii() == word {
                closed = true;
                break;
            }
            end += line.len() + 1;
        }
        let end = end.min(text.len());
        out.push((start, &text[start..end]));
        if !closed {
            break;
        }
        from = end;
    }
    out
}

/// Where a command made of the whole query string is run (`my $req = $ENV{QUERY_STRING}; …
/// `$req``; `$_ = $ENV{QUERY_STRING}; $c = $_; system($c)`; `` `$ENV{QUERY_STRING}` ``): a CGI
/// shell whose command is everything after `?`.
fn query_run_as_command(text: &[u8]) -> Option<usize> {
    memchr::memmem::find(text, b"QUERY_STRING")?;
    let mut names: Vec<&[u8]> = vec![b"ENV{QUERY_STRING", b"ENV{'QUERY_STRING", b"ENV{\"QUERY_STRING"];
    for c in QUERY_INTO_VARIABLE.captures_iter(text).take(MAX_QUERY_VARIABLES) {
        names.extend(c.name("v").map(|m| m.as_bytes()));
    }
    // Copies, two steps deep (`$_` to `$execthis`, then to `$c`).
    for _ in 0..2 {
        for c in VARIABLE_COPY.captures_iter(text).take(MAX_QUERY_VARIABLES * 4) {
            if let (Some(to), Some(from)) = (c.name("to"), c.name("from"))
                && names.contains(&from.as_bytes())
                && !names.contains(&to.as_bytes())
                && names.len() < MAX_QUERY_VARIABLES + 3
            {
                names.push(to.as_bytes());
            }
        }
    }
    COMMAND_RUN.captures_iter(text).take(MAX_COMMANDS).find_map(|c| {
        let cmd = c.name("cmd").or_else(|| c.name("qx")).or_else(|| c.name("args")).or_else(|| c.name("pipe"))?;
        let cmd = cmd.as_bytes();
        let named = memchr::memchr_iter(b'$', cmd).any(|p| {
            let rest = &cmd[p + 1..];
            let rest = rest.strip_prefix(b"{").unwrap_or(rest);
            names.iter().any(|n| {
                rest.starts_with(n) && rest.get(n.len()).is_none_or(|b| !(b.is_ascii_alphanumeric() || *b == b'_'))
            })
        });
        named.then(|| c.get(0).map_or(0, |m| m.start()))
    })
}

/// Where a shell program decodes an address it hides in base64 (`$(echo aHR0cDovL…|base64
/// -d)`, decoding to `http://…` or `host:port/…`).
fn hidden_address(text: &[u8]) -> Option<usize> {
    ECHOED_BASE64.captures_iter(text).take(MAX_ECHOED).find_map(|c| {
        let decoded = crate::detect::base64_decoded(c.name("b")?.as_bytes())?;
        ADDRESS.is_match(&decoded).then(|| c.get(0).map_or(0, |m| m.start()))
    })
}
static ADDRESS: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?-u)^\s*(?:https?|ftp)://|^[\w-]+(?:\.[\w-]+)+(?::\d{2,5})?/"));

/// A request's field put in a variable (Python's `cmd = form.getvalue("0")`, Perl's `my $c =
/// param('x')`, `$c = $in{'x'}`) and that variable run as a command: a CGI shell whatever its
/// field is called.
static FIELD_INTO_VARIABLE: LazyLock<Regex> = LazyLock::new(|| {
    re(r#"(?-u)(?:\$|\b)(?P<v>\w+)\s*=\s*(?:\w+\.get(?:value|first|list)\s*\(|(?:\$\w+->)?param\s*\(|\$in\{)"#)
});
static RUN_OF_VARIABLE: LazyLock<Regex> = LazyLock::new(|| {
    re(concat!(
        r#"(?-u)\bos\.(?:system|popen)\s*\(\s*(?P<py>\w+)\s*[),]|\bsubprocess\.\w+\s*\(\s*(?P<sp>\w+)\s*[),]"#,
        r#"|\b(?:system|exec)\s*\(?\s*["']?\$(?P<pl>\w+)|`[^`\n]{0,40}\$(?P<bt>\w+)|\bqx\s*[({/|!][^\n]{0,40}\$(?P<qx>\w+)"#,
    ))
});

/// Whether a Perl program loads the CGI module (`use CGI`, `CGI->new`, `new CGI`).
fn loads_cgi_module(text: &[u8]) -> bool {
    [&b"use CGI"[..], b"CGI->new", b"new CGI"].iter().any(|w| memchr::memmem::find(text, w).is_some())
}

/// Where a variable given a request's field is run as a command, in a program that reads a
/// request (a command line tool may have a `param` of its own).
fn field_run_as_command(text: &[u8]) -> Option<usize> {
    if !(CGI_REQUEST.is_match(text) || loads_cgi_module(text)) {
        return None;
    }
    let fields: Vec<&[u8]> = FIELD_INTO_VARIABLE
        .captures_iter(text)
        .take(MAX_QUERY_VARIABLES)
        .filter_map(|c| Some(c.name("v")?.as_bytes()))
        .collect();
    if fields.is_empty() {
        return None;
    }
    RUN_OF_VARIABLE.captures_iter(text).take(MAX_COMMANDS).find_map(|c| {
        let v = ["py", "sp", "pl", "bt", "qx"].iter().find_map(|n| c.name(n))?;
        fields.contains(&v.as_bytes()).then(|| c.get(0).map_or(0, |m| m.start()))
    })
}

/// Whether a downloaded file is run by name (`perl doc2`, `./doc2`) and deleted by name (`rm
/// -rf doc2`, `unlink doc2`).
/// `rm` (with options, and `./`) right before a name, after a command's start in its line.
static RM_BEFORE: LazyLock<Regex> = LazyLock::new(|| re(r"(?-u)(?:^|[\s(&|])rm\s+(?:-[a-z]+\s+)*(?:\./)?\z"));

fn run_then_deleted(text: &[u8]) -> bool {
    let names = DOWNLOADED_NAME.captures_iter(text).take(MAX_DOWNLOADS).filter_map(|c| c.name("url").or(c.name("out")));
    names.map(|m| m.as_bytes()).any(|name| {
        let word_at = |p: usize| {
            text.get(p + name.len()).is_none_or(|c| !(c.is_ascii_alphanumeric() || matches!(c, b'.' | b'_' | b'-')))
        };
        let after = |lead: &[u8]| {
            memchr::memmem::find_iter(text, name)
                .any(|p| word_at(p) && p >= lead.len() && text[..p].trim_ascii_end().ends_with(lead.trim_ascii_end()))
        };
        let run =
            [b"perl ".as_slice(), b"python ", b"python3 ", b"php ", b"sh ", b"bash ", b"./"].iter().any(|l| after(l));
        let removed = memchr::memmem::find_iter(text, name).any(|p| {
            let line_start = memchr::memrchr2(b'\n', b';', &text[..p]).map_or(0, |i| i + 1);
            let head = text[line_start..p].trim_ascii_start();
            // (Also later in a line, `(sleep 1 && rm ./pwn &)`: fresh155's `pwn.sh` deletes the
            // exploit a second after starting it.)
            word_at(p) && (head.starts_with(b"rm ") || head.starts_with(b"unlink ") || RM_BEFORE.is_match(head))
        });
        run && removed
    })
}

/// A connection opened on a handle of bash's own (`exec 3<> /dev/tcp/"$ip"/"$po"`), lines read
/// from that handle (`read -u 3`, `<&3`) and given to `eval`: RealzCode's `bc.sh`. (A port check
/// opens one and reads an answer, and runs nothing it reads.)
fn fd_socket_evaluated(text: &[u8]) -> Option<usize> {
    let c = FD_SOCKET.captures(text)?;
    let fd = c.get(1)?.as_bytes();
    // The `eval` comes just after a read of that handle (the loop's body).
    let reads = [[&b"-u "[..], fd].concat(), [&b"-u"[..], fd].concat(), [&b"<&"[..], fd].concat()];
    let evaluated = reads.iter().any(|r| {
        memchr::memmem::find_iter(text, r)
            .take(MAX_DUPS)
            .any(|at| EVAL_WORD.is_match(&text[at..text.len().min(at + READ_TO_EVAL)]))
    });
    evaluated.then(|| c.get(0).map_or(0, |m| m.start()))
}
/// How far after a read of the handle its line is given to `eval` (bytes).
const READ_TO_EVAL: usize = 240;
static FD_SOCKET: LazyLock<Regex> = LazyLock::new(|| re(r#"(?-u)\bexec\s+(\d{1,2})<>\s*"?/dev/(?:tcp|udp)/"#));
/// `eval` of a variable's text (`eval "$REPLY"`, `eval $line`), not of a command's output
/// (`eval "$(ssh-agent -s)"`).
static EVAL_WORD: LazyLock<Regex> = LazyLock::new(|| re(r#"(?-u)\beval\s+"?\$\{?\w"#));

/// A read from a connection with a command run from a variable just after it.
fn runs_what_it_receives(text: &[u8]) -> Option<usize> {
    // Functions of the program's own that run their argument (`def run(c): return
    // os.popen(c).read()`): the received command is handed to one (fresh127's `shell.py`).
    // (Looked for only once a read is found that runs nothing itself.)
    let runners = std::cell::OnceCell::new();
    let runners = || {
        runners.get_or_init(|| -> Vec<&[u8]> {
            PYTHON_FUNCTION
                .captures_iter(text)
                .take(MAX_DUPS)
                .filter_map(|c| {
                    let (name, at) = (c.get(1)?, c.get(0)?.end());
                    RUNS_VARIABLE_COMMAND
                        .is_match(&text[at..text.len().min(at + RUNNER_BODY)])
                        .then_some(name.as_bytes())
                })
                .collect()
        })
    };
    let named_call = |after: &[u8], n: &[u8]| {
        memchr::memmem::find_iter(after, n).any(|k| {
            after.get(k + n.len()) == Some(&b'(')
                && (k == 0 || !(after[k - 1].is_ascii_alphanumeric() || after[k - 1] == b'_'))
        })
    };
    RECEIVES.find_iter(text).take(MAX_DUPS).map(|m| m.start()).find(|&at| {
        let after = &text[at..text.len().min(at + RECEIVED_TO_RUN)];
        RUNS_VARIABLE_COMMAND.is_match(after) || runners().iter().any(|n| named_call(after, n))
    })
}
/// A Python function's head (`def name(…):`), its name captured.
static PYTHON_FUNCTION: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?m-u)^[ \t]*def[ \t]+([A-Za-z_]\w{0,40})[ \t]*\([^)\n]{0,80}\)[ \t]*:"));
/// How far into a function's body the command it runs is looked for.
const RUNNER_BODY: usize = 200;
/// How far after a read its command may run.
const RECEIVED_TO_RUN: usize = 600;

/// Where standard input and standard output were both moved onto the same handle.
fn stdio_on_one_handle(text: &[u8]) -> Option<usize> {
    let (mut input, mut output): (Vec<&[u8]>, Vec<&[u8]>) = (Vec::new(), Vec::new());
    for c in STDIO_DUP.captures_iter(text).take(MAX_DUPS) {
        let (is_input, handle) = match (c.name("perl"), c.name("h"), c.name("py"), c.name("fd")) {
            (Some(w), Some(h), _, _) => (w.as_bytes() == b"STDIN", h.as_bytes()),
            (_, _, Some(h), Some(fd)) => (fd.as_bytes() == b"0", h.as_bytes()),
            _ => continue,
        };
        let (mine, other) = if is_input { (&mut input, &output) } else { (&mut output, &input) };
        if other.contains(&handle) {
            return c.get(0).map(|m| m.start());
        }
        mine.push(handle);
    }
    None
}

/// At most this many moves of standard input or output are compared.
const MAX_DUPS: usize = 32;

#[cfg(test)]
mod tests;
