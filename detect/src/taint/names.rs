//! What the analysis knows about PHP's functions and superglobals by name.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::{INPUT, Labels, UPLOAD};

/// A fast hash for the fixed table of function names (`CLASSES`). Never for names from a file:
/// those keep the standard keyed hash, so a file cannot be made of colliding names.
#[derive(Default)]
pub(super) struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for c in bytes.chunks(8) {
            let mut w = [0u8; 8];
            w[..c.len()].copy_from_slice(c);
            self.add(u64::from_le_bytes(w));
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }
    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

impl FxHasher {
    #[inline]
    fn add(&mut self, w: u64) {
        self.0 = (self.0.rotate_left(5) ^ w).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

pub(super) type Fast = BuildHasherDefault<FxHasher>;

/// The hash for names a file chose (its variables, functions, properties): keyed with a
/// per-process random key, like the standard library's SipHash, so a file cannot be made of
/// names that collide — but a few multiplications per word instead of SipHash's rounds (the
/// analysis looks up a name for every variable it reads). Each word is mixed by a 64×64→128
/// bit multiply whose halves are folded (the construction of foldhash and ahash's fallback):
/// without the key, which input bits meet which is unknown.
#[derive(Clone, Copy)]
pub(crate) struct Keyed {
    k: [u64; 3],
}

impl Default for Keyed {
    fn default() -> Keyed {
        *KEY
    }
}

static KEY: std::sync::LazyLock<Keyed> = std::sync::LazyLock::new(|| {
    // The standard library's random per-process keys, drawn from the operating system.
    let s = std::collections::hash_map::RandomState::new();
    let k = [1u64, 2, 3].map(|i| std::hash::BuildHasher::hash_one(&s, i));
    // An odd multiplier keeps every input bit.
    Keyed { k: [k[0], k[1] | 1, k[2] | 1] }
});

impl std::hash::BuildHasher for Keyed {
    type Hasher = KeyedHasher;
    fn build_hasher(&self) -> KeyedHasher {
        KeyedHasher { s: self.k[0], k: self.k }
    }
}

pub(crate) struct KeyedHasher {
    s: u64,
    k: [u64; 3],
}

#[inline]
fn folded_multiply(a: u64, b: u64) -> u64 {
    let p = u128::from(a) * u128::from(b);
    (p as u64) ^ ((p >> 64) as u64)
}

impl KeyedHasher {
    #[inline]
    fn word(&mut self, w: u64) {
        self.s = folded_multiply(self.s ^ w ^ self.k[0], self.k[1]).rotate_left(23);
    }
}

impl Hasher for KeyedHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut c = bytes.chunks_exact(8);
        for w in &mut c {
            self.word(u64::from_le_bytes(w.try_into().unwrap_or_default()));
        }
        let rest = c.remainder();
        let n = rest.len();
        if n > 0 {
            // The tail in one word without a copy (most names are shorter than a word): two
            // overlapping reads, or the first, middle and last byte. With the tail's length in
            // the top bits, `a` and `a\0` differ.
            let w = if n >= 4 {
                let lo = u32::from_le_bytes([rest[0], rest[1], rest[2], rest[3]]);
                let hi = u32::from_le_bytes([rest[n - 4], rest[n - 3], rest[n - 2], rest[n - 1]]);
                u64::from(lo) | u64::from(hi) << 32
            } else {
                u64::from(rest[0]) | u64::from(rest[n / 2]) << 8 | u64::from(rest[n - 1]) << 16
            };
            self.word(w ^ ((n as u64) << 59));
        }
    }
    #[inline]
    fn write_u8(&mut self, n: u8) {
        self.word(u64::from(n));
    }
    #[inline]
    fn write_u32(&mut self, n: u32) {
        self.word(u64::from(n));
    }
    #[inline]
    fn write_u64(&mut self, n: u64) {
        self.word(n);
    }
    #[inline]
    fn write_usize(&mut self, n: usize) {
        self.word(n as u64);
    }
    #[inline]
    fn finish(&self) -> u64 {
        folded_multiply(self.s, self.k[2])
    }
}

pub(super) fn lower(name: &[u8]) -> Vec<u8> {
    name.to_ascii_lowercase()
}

pub(super) fn is_superglobal_input(name: &[u8]) -> Option<Labels> {
    match name {
        b"_GET"
        | b"_POST"
        | b"_COOKIE"
        | b"_REQUEST"
        | b"HTTP_RAW_POST_DATA"
        | b"HTTP_GET_VARS"
        | b"HTTP_POST_VARS"
        | b"HTTP_COOKIE_VARS" => Some(INPUT),
        b"_FILES" | b"HTTP_POST_FILES" => Some(INPUT | UPLOAD),
        _ => None,
    }
}

/// `$_SERVER` keys a visitor controls.
pub(super) fn server_key_is_input(key: &[u8]) -> bool {
    key.starts_with(b"HTTP_")
        || matches!(key, b"QUERY_STRING" | b"REQUEST_URI" | b"PATH_INFO" | b"PATH_TRANSLATED" | b"argv" | b"PHP_SELF")
}

pub(super) const DECODERS: &[&str] = &[
    "base64_decode",
    "gzinflate",
    "gzuncompress",
    "gzdecode",
    "str_rot13",
    "strrev",
    "hex2bin",
    "convert_uudecode",
    "rawurldecode",
    "urldecode",
    "pack",
    "bzdecompress",
    "openssl_decrypt",
    "mcrypt_decrypt",
    "lzf_decompress",
];
/// PHP's functions that run a shell command (the shapes' passes read this list too).
pub(crate) const SHELL: &[&str] =
    &["system", "exec", "passthru", "shell_exec", "popen", "proc_open", "pcntl_exec", "expect_popen"];
pub(super) const CODE: &[&str] = &["assert", "create_function", "eval"];
/// PHP's own functions that old applications define for versions without them (inside `if
/// (!function_exists(…))`); every PHP a host runs today has them.
pub(super) const POLYFILLED: &[&str] = &[
    "json_decode",
    "json_encode",
    "str_split",
    "hex2bin",
    "array_column",
    "array_combine",
    "http_build_query",
    "htmlspecialchars_decode",
    "lcfirst",
    "hash_equals",
    "random_bytes",
];
/// Functions whose result carries nothing of their arguments worth following.
pub(super) const REDUCERS: &[&str] = &[
    "isset",
    "empty",
    "count",
    "sizeof",
    "strlen",
    "intval",
    "floatval",
    "boolval",
    "in_array",
    "array_key_exists",
    "md5",
    "sha1",
    "crc32",
    "hash",
    "hash_hmac",
    "password_verify",
    "escapeshellarg",
    "escapeshellcmd",
    "preg_quote",
    "var_export",
    "htmlspecialchars",
    "htmlentities",
    "esc_html",
    "esc_attr",
    "esc_url",
    "esc_sql",
    "sanitize_text_field",
    "sanitize_file_name",
    "sanitize_key",
    "absint",
    "preg_match",
    "preg_match_all",
    "function_exists",
    "is_callable",
    "file_exists",
    "is_file",
    "is_dir",
    "is_array",
    "is_string",
    "is_numeric",
    "is_int",
    "strpos",
    "stripos",
    "strcmp",
    "strcasecmp",
    "ctype_digit",
    "ctype_alnum",
    "wp_verify_nonce",
    "check_admin_referer",
    "current_user_can",
    "filesize",
    "is_uploaded_file",
];
pub(super) const REMOTE_CALLS: &[&str] = &[
    "curl_exec",
    "curl_multi_getcontent",
    "fsockopen",
    "stream_socket_client",
    "wp_remote_get",
    "wp_remote_post",
    "wp_remote_request",
    "wp_remote_retrieve_body",
    "wp_safe_remote_get",
    // Data read from a network socket (code sent by a remote controller).
    "socket_read",
    "socket_recv",
    "socket_recvfrom",
    "stream_socket_recvfrom",
];
pub(super) const INPUT_CALLS: &[&str] =
    &["getallheaders", "apache_request_headers", "filter_input", "filter_input_array", "get_defined_vars"];
/// Callback-taking functions: the callback's argument position.
pub(super) const CALLBACKS: &[(&str, usize)] = &[
    ("call_user_func", 0),
    ("call_user_func_array", 0),
    ("array_map", 0),
    ("array_filter", 1),
    ("array_walk", 1),
    ("array_walk_recursive", 1),
    ("array_reduce", 1),
    ("usort", 1),
    ("uasort", 1),
    ("uksort", 1),
    ("register_shutdown_function", 0),
    ("register_tick_function", 0),
    ("ob_start", 0),
    ("iterator_apply", 1),
    ("forward_static_call", 0),
    ("forward_static_call_array", 0),
    ("set_error_handler", 0),
    ("set_exception_handler", 0),
    ("preg_replace_callback", 1),
    ("header_register_callback", 0),
    ("mb_ereg_replace_callback", 1),
    ("mb_eregi_replace_callback", 1),
    ("spl_autoload_register", 0),
    ("array_udiff", LAST),
    ("array_udiff_assoc", LAST),
    ("array_udiff_uassoc", LAST),
    ("array_uintersect", LAST),
    ("array_uintersect_assoc", LAST),
    ("array_uintersect_uassoc", LAST),
    ("array_diff_uassoc", LAST),
    ("array_diff_ukey", LAST),
    ("array_intersect_uassoc", LAST),
    ("array_intersect_ukey", LAST),
];
/// The callback is the last argument.
pub(super) const LAST: usize = usize::MAX;
pub(super) const INCLUDES: &[&str] = &["include", "include_once", "require", "require_once"];
/// Endings of data files that are never PHP code (an include of one hides code in it).
pub(super) const DATA_ENDINGS: &[&str] = &[
    ".ico", ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".svg", ".webp", ".txt", ".log", ".tmp", ".dat", ".zip", ".pdf",
    ".css", ".js", ".woff", ".ttf", ".mp3", ".db",
];

/// What a function name is to the analysis (bit set), looked up once per call.
pub(super) const C_DECODER: u8 = 1;
pub(super) const C_SHELL: u8 = 2;
pub(super) const C_REMOTE: u8 = 4;
pub(super) const C_INPUT: u8 = 8;
pub(super) const C_REDUCER: u8 = 16;
pub(super) const C_CALLBACK: u8 = 32;

pub(super) static CLASSES: std::sync::LazyLock<HashMap<&'static [u8], u8, Fast>> = std::sync::LazyLock::new(|| {
    let mut m: HashMap<&'static [u8], u8, Fast> = HashMap::default();
    let lists: [(&[&'static str], u8); 5] = [
        (DECODERS, C_DECODER),
        (SHELL, C_SHELL),
        (REMOTE_CALLS, C_REMOTE),
        (INPUT_CALLS, C_INPUT),
        (REDUCERS, C_REDUCER),
    ];
    for (list, c) in lists {
        for n in list {
            *m.entry(n.as_bytes()).or_default() |= c;
        }
    }
    for (n, _) in CALLBACKS {
        *m.entry(n.as_bytes()).or_default() |= C_CALLBACK;
    }
    m
});

/// For each first byte, the lengths (bit `min(len, 63)`) of the names in `CLASSES` with it: most
/// words a file calls are turned away before they are hashed.
static CLASS_SHAPES: [u64; 256] = {
    let mut out = [0u64; 256];
    let lists: [&[&str]; 5] = [DECODERS, SHELL, REMOTE_CALLS, INPUT_CALLS, REDUCERS];
    let mut i = 0;
    while i < lists.len() {
        let mut k = 0;
        while k < lists[i].len() {
            add_shape(&mut out, lists[i][k].as_bytes());
            k += 1;
        }
        i += 1;
    }
    let mut k = 0;
    while k < CALLBACKS.len() {
        add_shape(&mut out, CALLBACKS[k].0.as_bytes());
        k += 1;
    }
    out
};

const fn add_shape(shapes: &mut [u64; 256], name: &[u8]) {
    if !name.is_empty() {
        let len = if name.len() < 63 { name.len() } else { 63 };
        shapes[name[0] as usize] |= 1 << len;
    }
}

pub(super) fn class(name: &[u8]) -> u8 {
    let Some(&first) = name.first() else { return 0 };
    if CLASS_SHAPES[usize::from(first)] & (1 << name.len().min(63)) == 0 {
        return 0;
    }
    CLASSES.get(name).copied().unwrap_or(0)
}

/// The first bytes of the names in `lists`: a look-up before a list is read.
const fn first_bytes(lists: &[&[&str]]) -> [bool; 256] {
    let mut out = [false; 256];
    let mut i = 0;
    while i < lists.len() {
        let mut k = 0;
        while k < lists[i].len() {
            let b = lists[i][k].as_bytes();
            if !b.is_empty() {
                out[b[0] as usize] = true;
            }
            k += 1;
        }
        i += 1;
    }
    out
}

static INCLUDES_FIRST: [bool; 256] = first_bytes(&[INCLUDES]);
static CODE_OR_SHELL_FIRST: [bool; 256] = first_bytes(&[SHELL, CODE]);

/// `is(name, INCLUDES)`, most words turned away by their first byte (this runs for every word).
pub(super) fn is_include(name: &[u8]) -> bool {
    name.first().is_some_and(|c| INCLUDES_FIRST[usize::from(*c)]) && is(name, INCLUDES)
}

/// `is(name, SHELL) || is(name, CODE)` (a lowercase name), most words turned away by their
/// first byte.
pub(super) fn is_code_or_shell(name: &[u8]) -> bool {
    name.first().is_some_and(|c| CODE_OR_SHELL_FIRST[usize::from(*c)]) && (is(name, SHELL) || is(name, CODE))
}

pub(super) fn is(name: &[u8], list: &[&str]) -> bool {
    list.iter().any(|n| same(n.as_bytes(), name))
}

/// Byte strings equal (short ones without a call: this runs for every token).
#[inline]
pub(super) fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len()
        && match a.len() {
            0 => true,
            1 => a[0] == b[0],
            2 => a[0] == b[0] && a[1] == b[1],
            3 => a[0] == b[0] && a[1] == b[1] && a[2] == b[2],
            _ => a[0] == b[0] && a == b,
        }
}

/// Byte strings equal but for ASCII case, the lengths compared first without a call (most
/// words differ in length from the keyword they are tested against).
#[inline]
pub(super) fn same_ci(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.eq_ignore_ascii_case(b)
}

/// The password fields of the login forms attackers skim: WordPress's login (`pwd`) and
/// profile (`pass1`) forms, its users' table (`user_pass`), Joomla's old login (`passwd`). (An
/// API's settings form names its field `password`, and a plugin tests it against that API.)
pub(super) fn is_password_field(k: &[u8]) -> bool {
    [&b"pwd"[..], b"pass1", b"user_pass", b"passwd"].iter().any(|f| k.eq_ignore_ascii_case(f))
}
