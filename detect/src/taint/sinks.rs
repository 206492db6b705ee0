//! The sinks: data that becomes code, a command or an included file, and how dangerous each
//! finding is by what the data carries.

use super::*;

/// How far before an `include $page;` the `if` that allow-lists the page is looked for (tokens).
const MAX_GUARD_LOOKBACK: usize = 64;
/// How far before an `include $path;` the path's assignment is looked for (tokens).
const MAX_PATH_LOOKBACK: usize = 512;

impl<'t, 'a> An<'t, 'a> {
    /// Data sent to another site (a request's address or form, a mail to a written address):
    /// a login's password there is stolen; a parameter there makes the function a sender.
    pub(super) fn sent(&mut self, labels: Labels, i: usize) {
        if labels & SECRET != 0 {
            self.hit(Why::CredentialCollector, Danger::High, i);
        }
        if labels & PARAM != 0 {
            self.fn_sinks |= WRAPS_SEND;
        }
    }

    /// A call of a function (or closure) that runs its argument as code or a command
    /// (`shell_at`: which arguments reach its command, when the function is known by name).
    pub(super) fn wrapped(&mut self, wraps: Labels, args: &[Val<'t>], i: usize, shell_at: ParamsAt) {
        // What each tracked parameter is used for: the argument given there is what is called
        // or included (and a parameter of the function read now passes the use on).
        for (k, a) in args.iter().enumerate().take(PARAMS_TRACKED as usize) {
            let calls = wraps & (CALLS_PARAM_0 << k) != 0;
            let includes = wraps & (INCLUDES_PARAM_0 << k) != 0;
            if calls {
                self.fn_sinks |= param_positions(a.labels, CALLS_PARAM_0);
                if a.labels & INPUT != 0 {
                    self.hit(Why::DynamicCallFromInput, Danger::Critical, i);
                }
            }
            if includes {
                self.fn_sinks |= param_positions(a.labels, INCLUDES_PARAM_0);
                if a.labels & INPUT != 0 && a.labels & FIXED_HEAD == 0 {
                    self.hit(Why::CodeFromInput, Danger::Critical, i);
                }
            }
        }
        let wraps = wraps & !(CALLS_PARAM_BITS | INCLUDES_PARAM_BITS);
        if wraps == 0 {
            return;
        }
        if wraps & WRAPS_CALL != 0
            && let Some(k) =
                args.iter().position(|a| a.lit.as_deref().map(lower).is_some_and(|n| is(&n, CODE) || is(&n, SHELL)))
        {
            // A code or shell function handed to a function that calls what it is given.
            let name = args[k].lit.as_deref().map(lower).unwrap_or_default();
            let rest: Vec<Val<'t>> = args.iter().enumerate().filter(|(x, _)| *x != k).map(|(_, a)| a.clone()).collect();
            let tainted = rest.iter().any(|a| a.labels & (ANY_INPUT | DECODED | REMOTE | BLOB) != 0);
            self.hit(Why::HiddenFunctionName, if tainted { Danger::Critical } else { Danger::High }, i);
            let mut v = Val::default();
            for a in &rest {
                v.labels |= a.labels & (ANY_INPUT | DECODED | REMOTE | BLOB);
            }
            if is(&name, SHELL) {
                self.shell(&v, i, false);
            } else {
                self.code(&v, i, false);
            }
        }
        let mut v = Val::default();
        for a in args {
            v.labels |= a.labels & (ANY_INPUT | DECODED | REMOTE | BLOB | PARAM | METHOD_DECODED);
        }
        if wraps & WRAPS_SAVE != 0
            && let Some(k) = args.iter().position(|a| a.labels & UPLOAD != 0)
        {
            // An uploaded file handed to a function that saves what it is given: strong when
            // the visitor also names the file, or it is PHP (as for `move_uploaded_file`).
            let named = args.iter().enumerate().any(|(x, a)| x != k && a.labels & (ANY_INPUT | PHP_NAME) != 0);
            self.hit(Why::UploadDropper, if named { Danger::High } else { Danger::Low }, i);
        } else if wraps & WRAPS_SAVE != 0 && args.iter().any(|a| a.labels & BLOB != 0) {
            // A long encoded blob of the file's own handed to a function that writes what it is
            // given (a mass infector's `FileWrite($path, base64_decode($fileData))`).
            self.hit(Why::UploadDropper, Danger::High, i);
        } else if wraps & WRAPS_SAVE != 0
            && args.iter().any(|a| a.labels & DECODED != 0 && self.written_script_is_dangerous(a))
        {
            // A script of the file's own, decoded and handed to its writer (fresh67's mailer
            // spreader: `FileWrite($dir . '/memoris.php', base64_decode($fileData))`).
            self.hit(Why::UploadDropper, Danger::High, i);
        } else if wraps & WRAPS_SAVE != 0
            && let Some(k) = args.iter().position(|a| a.labels & REMOTE != 0)
            && args.iter().enumerate().any(|(x, a)| x != k && a.labels & ANY_INPUT != 0)
        {
            // A download handed to a function that saves what it is given, with a name the
            // visitor sends (fresh27's `storeResource(getRemoteResource($_GET['source']),
            // $_GET['dest'])`): any file of the visitor's choosing, fetched from anywhere.
            self.hit(Why::UploadDropper, Danger::High, i);
        } else if wraps & WRAPS_SAVE != 0 && args.iter().filter(|a| a.labels & ANY_INPUT != 0).count() >= 2 {
            // What the visitor sends, saved under a name the visitor sends, through a writer of
            // the file's own (fresh111's mass defacer: `bikin_file("$dir/$nama", "$script")`):
            // as strong as the same two lines written out.
            self.hit(Why::UploadDropper, Danger::High, i);
        }
        if wraps & WRAPS_SEND != 0 {
            self.sent(args.iter().fold(0, |l, a| l | a.labels & (SECRET | PARAM | PARAM_BITS)), i);
        }
        // What reaches the command: the arguments at the parameters that do (an image
        // library's own resize method runs its settings, not the file name it escapes).
        let mut command = Val::default();
        for (k, a) in args.iter().enumerate() {
            if shell_at.reaches(k) {
                command.labels |=
                    a.labels & (ANY_INPUT | DECODED | REMOTE | BLOB | PARAM | PARAM_BITS | METHOD_DECODED);
            }
        }
        if v.labels & !(PARAM | PARAM_BITS) == 0 && v.labels & PARAM != 0 {
            // A wrapper of a wrapper.
            self.fn_sinks |= wraps & !WRAPS_SHELL;
            if wraps & WRAPS_SHELL != 0 && command.labels & PARAM != 0 {
                self.runs_params(command.labels);
            }
            return;
        }
        if wraps & WRAPS_SHELL != 0 {
            self.shell(&command, i, false);
        }
        if wraps & WRAPS_CODE != 0 {
            self.code(&v, i, false);
        }
    }

    /// Data that becomes PHP code. `eval_like`: an unknown value is worth a (low) note.
    pub(super) fn code(&mut self, v: &Val<'t>, i: usize, eval_like: bool) {
        if v.labels & PARAM != 0 {
            self.fn_sinks |= WRAPS_CODE;
        }
        if v.labels & ANY_INPUT != 0 {
            self.hit(Why::CodeFromInput, Danger::Critical, i);
        } else if v.labels & (DECODED | ASSEMBLED | BLOB | METHOD_DECODED) != 0 {
            self.hit(Why::EvalOfDecoded, Danger::Critical, i);
        } else if v.labels & REMOTE != 0 {
            self.hit(Why::CodeFromInternet, Danger::Critical, i);
        } else if eval_like && v.lit.is_none() && v.labels & UNKNOWN != 0 {
            self.hit(Why::EvalOfVariable, Danger::Low, i);
        }
    }

    /// A mail sent to a recipient and with headers (its sender) marked `to` and `from`: both
    /// the visitor's make a spam relay (a sender they name after a fixed `From: ` is still
    /// theirs; a recipient after a fixed head is the site's own address with their text);
    /// both parameters make the function read now a mail helper that is one when called so.
    pub(super) fn mailed(&mut self, to: Labels, from: Labels, i: usize) {
        if to & ANY_INPUT != 0 && to & FIXED_HEAD == 0 && from & ANY_INPUT != 0 {
            self.hit(Why::MailFromInput, Danger::High, i);
        }
        if to & PARAM != 0 && from & PARAM != 0 {
            self.fn_mail_at.0.0 |= ParamsAt::of(to, self.fn_untracked_params).0;
            self.fn_mail_at.1.0 |= ParamsAt::of(from, self.fn_untracked_params).0;
        }
    }

    /// The parameters in `labels` reach a command: the function read now runs them.
    fn runs_params(&mut self, labels: Labels) {
        self.fn_sinks |= WRAPS_SHELL;
        self.fn_shell_at.0 |= ParamsAt::of(labels, self.fn_untracked_params).0;
    }

    /// Which arguments of a call of the named function reach its command (all of them when
    /// it is not known yet).
    pub(super) fn shell_at_of(&self, name: &[u8]) -> ParamsAt {
        self.shell_at.get(name).copied().unwrap_or(ParamsAt::ANY)
    }

    pub(super) fn shell(&mut self, v: &Val<'t>, i: usize, backtick: bool) {
        if v.labels & PARAM != 0 {
            self.runs_params(v.labels);
        }
        if v.labels & ANY_INPUT != 0 {
            self.hit(Why::ShellFromInput, Danger::Critical, i);
        } else if v.labels & (DECODED | ASSEMBLED | BLOB | REMOTE) != 0 {
            self.hit(Why::EvalOfDecoded, Danger::Critical, i);
        } else if backtick && v.labels & UNKNOWN != 0 {
            self.hit(Why::ShellFromInput, Danger::Low, i);
        }
    }

    /// Whether the include at `i` (`include $page;`) is in the block of an `if` that finds that
    /// variable in a list (`if (in_array($page, $allowed)) { include $page; }`): the visitor
    /// picks one of the application's own pages (phpMyAdmin's `$goto_whitelist`).
    fn allow_listed(&self, i: usize) -> bool {
        let var = match (self.tok(i + 1), self.tok(i + 2)) {
            (Some(Tok::Var(v)), _) => *v,
            (Some(Tok::Op(b"(")), Some(Tok::Var(v))) => *v,
            _ => return false,
        };
        let from = i.saturating_sub(MAX_GUARD_LOOKBACK);
        (from..i).rev().any(|k| {
            let is_if = matches!(self.tok(k), Some(Tok::Ident(w)) if same_ci(w, b"if")) && self.op(k + 1, b"(");
            if !is_if {
                return false;
            }
            let cond_end = self.close_of(k + 1);
            // The block holds the include (or the include is the `if`'s one statement).
            let holds = if self.op(cond_end + 1, b"{") { self.close_of(cond_end + 1) > i } else { cond_end + 1 == i };
            holds
                && (k + 2..cond_end).any(|c| {
                    matches!(self.tok(c), Some(Tok::Ident(w)) if same_ci(w, b"in_array"))
                        && !self.op(c.wrapping_sub(1), b"!")
                        && self.op(c + 1, b"(")
                        && matches!(self.tok(c + 2), Some(Tok::Var(v)) if *v == var)
                        && self.op(c + 3, b",")
                })
        })
    }

    pub(super) fn include(&mut self, v: &Val<'t>, i: usize) {
        // A parameter that is the whole path: the function includes what its caller names.
        if v.labels & FIXED_HEAD == 0 {
            self.fn_sinks |= param_positions(v.labels, INCLUDES_PARAM_0);
        }
        // Stream wrappers in the included path: `data:`/`php://input` run text as code,
        // `zip://`/`phar://` run code hidden inside an image or other data file.
        let (mut text_wrapper, mut body, mut archive, mut data_name) = (false, false, false, false);
        let (mut session_file, mut hidden_archive, mut own_wrapper) = (false, false, false);
        let mut k = i + 1;
        while k < i + 64 && (!self.terminator(k) || self.op(k, b")")) {
            if let Some(Tok::Str(quoted)) = self.tok(k) {
                let l = lower(quoted.value);
                text_wrapper |= l.starts_with(b"data:") || l.starts_with(b"php://filter");
                body |= l.starts_with(b"php://input");
                archive |= l.starts_with(b"zip://") || l.starts_with(b"phar://");
                // `phar://` spelled in escapes (`"\160\x68\141\x72\72\57\57"`) before the
                // script's own name: an archive packed behind its stub, hidden (fresh148's
                // weevely-style `wev.php`). A tool's own stub writes `phar://` plainly.
                hidden_archive |= l.starts_with(b"phar://") && quoted.escapes >= 3;
                own_wrapper |= own_stream_wrapper(&l);
                session_file |= names_session_file(&l);
                data_name |= runs_from_archive(&l);
                data_name |= DATA_ENDINGS.iter().any(|e| {
                    memchr::memmem::find(&l, e.as_bytes())
                        .is_some_and(|p| matches!(l.get(p + e.len()), None | Some(b'#' | b'/')))
                });
            }
            k += 1;
        }
        if body {
            self.hit(Why::CodeFromInput, Danger::Critical, i);
            return;
        }
        if text_wrapper {
            // Like `eval` of the text (template engines compile this way).
            self.code(&Val { labels: v.labels | UNKNOWN, ..Val::default() }, i, true);
            return;
        }
        // (Or a stream of the file's own making, `include 'vip://m'` after
        // `stream_wrapper_register('vip', 'V')`: the code is whatever its class reads, fresh152's
        // loader serves a download so.)
        if hidden_archive || own_wrapper {
            self.hit(Why::EvalOfDecoded, Danger::High, i);
            return;
        }
        if (archive && data_name) || session_file {
            self.hit(Why::IncludeOfData, Danger::High, i);
            return;
        }
        if v.labels & INPUT != 0 && v.labels & FIXED_HEAD == 0 && !self.allow_listed(i) {
            self.hit(Why::CodeFromInput, Danger::Critical, i);
        } else if v.labels & ANY_INPUT != 0 {
            // A file picked by the visitor inside a fixed folder, or an element of an array
            // that holds request data somewhere (an application's settings array): a risk,
            // not a backdoor.
            self.hit(Why::CodeFromInput, Danger::Low, i);
        } else if v.labels & (REMOTE | ASSEMBLED) == 0 && v.lit.is_none() && self.in_fixed_folder(i) {
            // Decoded data that only picks a PHP file inside a fixed folder (CodeIgniter's
            // `BASEPATH.'database/drivers/'.$params['dbdriver'].'_driver.php'`, its settings
            // parsed from a URL-encoded address): a loader's choice, not hidden code.
        } else if v.labels & (DECODED | REMOTE | ASSEMBLED) != 0 {
            self.hit(Why::EvalOfDecoded, Danger::Critical, i);
        } else if v.labels & WEB_HEAD != 0 {
            // `include "http://" . $host . "/x.txt"`: another site's text run, whatever host.
            self.hit(Why::CodeFromInternet, Danger::Critical, i);
        } else if let Some(p) = &v.lit {
            let p = lower(p);
            if is_web_address(&p) {
                self.hit(Why::CodeFromInternet, Danger::Critical, i);
            } else if runs_from_archive(&p) {
                self.hit(Why::IncludeOfData, Danger::High, i);
            } else if (DATA_ENDINGS.iter().any(|e| p.ends_with(e.as_bytes())) && !p.ends_with(b".php.tmp"))
                || p.contains(&0)
                || hidden_data_file(&p)
                || home_folder_file(&p)
            {
                // (`x.php.tmp`: code a generator wrote to a temporary copy, then requires.)
                self.hit(Why::IncludeOfData, Danger::High, i);
            }
        }
    }

    /// Whether the path included at `i` starts with a constant or a literal folder and ends
    /// with a literal `.php` name (`BASEPATH.'drivers/'.$d.'/'.$d.'_driver.php'`).
    /// (A plain variable is read where it was last given a value before the include.)
    fn in_fixed_folder(&self, i: usize) -> bool {
        let mut k = i + 1;
        let paren = self.op(k, b"(");
        if paren {
            k += 1;
        }
        let end = if paren { self.close_of(k - 1) } else { self.expression_end(k) };
        if end == k + 1
            && let Some(Tok::Var(v)) = self.tok(k)
        {
            let v = *v;
            let set = (i.saturating_sub(MAX_PATH_LOOKBACK)..i)
                .rev()
                .find(|&a| matches!(self.tok(a), Some(Tok::Var(n)) if *n == v) && self.op(a + 1, b"="));
            return set.is_some_and(|a| self.fixed_folder_path(a + 2, self.expression_end(a + 2)));
        }
        self.fixed_folder_path(k, end)
    }

    /// The end of the expression from `k` (its `;`, or the `,`/`)` closing what holds it).
    fn expression_end(&self, k: usize) -> usize {
        let mut depth = 0usize;
        for e in k..k + 128 {
            match self.tok(e) {
                None | Some(Tok::Close) => return e,
                Some(Tok::Op(b"(" | b"[" | b"{")) => depth += 1,
                Some(Tok::Op(b")" | b"]" | b"}")) if depth > 0 => depth -= 1,
                _ if depth == 0 && self.terminator(e) => return e,
                _ => {}
            }
        }
        k
    }

    fn fixed_folder_path(&self, k: usize, end: usize) -> bool {
        let head = match self.tok(k) {
            Some(Tok::Ident(c)) => !same_ci(c, b"function") && !self.op(k + 1, b"(") && !self.op(k + 1, b"::"),
            Some(Tok::Str(l)) => l.vars.is_empty() && l.value.contains(&b'/'),
            _ => false,
        };
        let tail = end > k + 1
            && matches!(self.tok(end - 1), Some(Tok::Str(l)) if l.vars.is_empty() && lower(l.value).ends_with(b".php"));
        head && tail
    }

    /// Code held by a string literal that is run (`eval('…')`, `create_function('$a', '…')`,
    /// `assert('…')`): read like the file's own code, its findings reported at `i`. Returns
    /// what the code's parameters reach (WRAPS_*).
    pub(super) fn literal_code(&mut self, v: &Val<'t>, i: usize, params: &[Vec<u8>]) -> Labels {
        if self.nest >= MAX_NEST {
            return 0;
        }
        let text: &[u8] = match (v.tok.and_then(|k| self.tok(k)), &v.lit) {
            (Some(Tok::Str(quoted)), _) => quoted.value,
            (_, Some(l)) => l,
            _ => return 0,
        };
        // Code has calls or variables; a blob or a word has neither.
        if text.len() > self.file.nested_code || memchr::memchr3(b'(', b'$', b'`', text).is_none() {
            return 0;
        }
        self.file.nested_code -= text.len();
        let mut src = Vec::with_capacity(text.len() + 6);
        src.extend_from_slice(b"<?php ");
        src.extend_from_slice(text);
        let arena = Arena::new();
        let tokens = tokenize(&src, &arena, 2_000_000);
        let nesting =
            Nesting { level: self.nest + 1, params, command_line: Some(self.command_line()), depth: self.depth };
        let (sinks, wraps) = analyze_nested(&tokens, &nesting, &mut self.file);
        for s in sinks {
            self.hit(s.why, s.danger, i);
        }
        wraps
    }

    /// Whether literal text written to a file is PHP with a backdoor in it (`<?php eval(…)`).
    pub(super) fn written_script_is_dangerous(&mut self, data: &Val<'t>) -> bool {
        if self.nest >= MAX_NEST {
            return false;
        }
        let text: &[u8] = match (data.tok.and_then(|k| self.tok(k)), &data.lit) {
            (Some(Tok::Str(quoted)), _) => quoted.value,
            (_, Some(l)) => l,
            _ => return false,
        };
        if text.len() > self.file.nested_code || memchr::memmem::find(text, b"<?").is_none() {
            return false;
        }
        self.file.nested_code -= text.len();
        let arena = Arena::new();
        let tokens = tokenize(text, &arena, 2_000_000);
        let nesting = Nesting { level: self.nest + 1, params: &[], command_line: Some(false), depth: self.depth };
        let (sinks, _) = analyze_nested(&tokens, &nesting, &mut self.file);
        sinks.iter().any(|s| s.danger >= Danger::High)
    }
}

/// A path (lowercase) into an archive that an application never runs code from: any `zip://`
/// (a dropped `fla_….zip#b_….tmp`) or decompressing stream, or a `phar://` kept where uploads go (yn_wordpress's
/// mu-plugin includes `phar://./wp-content/uploads/…/f.zip/f.php`; a tool's own
/// `composer.phar` is not).
fn runs_from_archive(lower_path: &[u8]) -> bool {
    lower_path.starts_with(b"zip://")
        // Code kept compressed, run through a decompressing stream (`compress.zlib://x.gz`).
        || lower_path.starts_with(b"compress.zlib://")
        || lower_path.starts_with(b"compress.bzip2://")
        || (lower_path.starts_with(b"phar://")
            && [&b"/uploads/"[..], b"/upload/", b"/images/", b"/tmp/"]
                .iter()
                .any(|d| memchr::memmem::find(lower_path, d).is_some()))
        // (Or an archive named as data: fresh131's `phar://ww2.zip/505.php`.)
        || (lower_path.starts_with(b"phar://")
            && [&b".zip/"[..], b".jpg/", b".jpeg/", b".png/", b".gif/", b".ico/", b".txt/", b".tmp/", b".log/", b".dat/"]
                .iter()
                .any(|d| memchr::memmem::find(lower_path, d).is_some()))
}

/// A hidden file (its name starts with a dot) that is not named as PHP: the payload of the
/// loaders put in front of a site's files (`@include "/home/u/public_html/wp-content/cache/
/// .bd14c50c.ott";`), whose endings change from site to site. Applications include their
/// own code by its name, never a hidden file of another type.
/// Whether a lowercase path names a file without an ending right in an account's home folder
/// (`/home3/edu38800/bash`): outside the site, where no application keeps its code, under a
/// name that says nothing (fresh82's OJS bootstrap requires its loader so).
fn home_folder_file(lower_path: &[u8]) -> bool {
    let mut parts = lower_path.split(|c| *c == b'/');
    let (Some(b""), Some(home), Some(user), Some(name), None) =
        (parts.next(), parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return false;
    };
    home.strip_prefix(b"home").is_some_and(|n| n.iter().all(u8::is_ascii_digit))
        && !user.is_empty()
        && !name.is_empty()
        && !name.contains(&b'.')
}

fn hidden_data_file(lower_path: &[u8]) -> bool {
    let name = lower_path.rsplit(|c| *c == b'/' || *c == b'\\').next().unwrap_or(lower_path);
    // Named as PHP by the sweep's own endings (`detect::is_php`), or as the include-only code
    // files of applications (`.inc`, Drupal's `.module` and `.install`).
    let code = crate::detect::is_php(&String::from_utf8_lossy(name))
        || [&b".inc"[..], b".module", b".install"].iter().any(|e| name.ends_with(e));
    name.len() > 1 && name[0] == b'.' && name != b".." && !code
}

/// The per-parameter bits (`first << k`) of the parameters a value is (`PARAM_0 << k`): both
/// are runs of `PARAMS_TRACKED` bits, so the one run is the other shifted.
pub(super) fn param_positions(labels: Labels, first: Labels) -> Labels {
    ((labels & PARAM_BITS) >> PARAM_0.trailing_zeros()) << first.trailing_zeros()
}

/// Whether a piece of an included path (lowercase) names a PHP session file (`/sess_` and its
/// id, `SESS_48cd…`): data PHP keeps between requests, which no application runs as code; a
/// loader hides its payload there, in the temporary folder or the site's root.
fn names_session_file(piece: &[u8]) -> bool {
    memchr::memmem::find_iter(piece, b"/sess_").any(|p| {
        let id = &piece[p + 6..];
        id.iter().take_while(|c| c.is_ascii_alphanumeric()).count() >= 20
    })
}

/// PHP's own and the common libraries' stream wrappers (`vfs://` is vfsStream's, in tests).
const KNOWN_WRAPPERS: [&[u8]; 17] = [
    b"file", b"http", b"https", b"ftp", b"ftps", b"php", b"zlib", b"data", b"glob", b"phar", b"zip", b"rar", b"ogg",
    b"expect", b"vfs", b"s3", b"gs",
];

/// Whether an included path starts with a stream wrapper none of PHP's or the common
/// libraries' (`vip://m`): one the file registered itself.
fn own_stream_wrapper(path: &[u8]) -> bool {
    let Some(end) = memchr::memmem::find(path, b"://") else { return false };
    let scheme = &path[..end];
    (2..=12).contains(&scheme.len())
        && scheme.iter().all(u8::is_ascii_lowercase)
        && !KNOWN_WRAPPERS.contains(&scheme)
        && !scheme.starts_with(b"compress")
        && !scheme.starts_with(b"ssh2")
}
