//! Root's own door to cpsrvd on loopback: WHM API 1 `passwd` for the one thing UAPI cannot do
//! for a customer who lost their password (set the cPanel account password), and the check of
//! a customer's current cPanel password. Both carry a secret, so both go over TLS pinned to
//! cpsrvd's own certificate, parameters in the POST body, never on a command line.
//!
//! - **Credentials**: a WHM API token the plugin creates at install (`secure-reopen whm-token`,
//!   run by install.sh: `whmapi1 api_token_create token_name=secure_reopen acl-1=passwd
//!   whitelist_ip=127.0.0.1`, `Whostmgr/API/1/Tokens.pm`), read from `whmapi1`'s standard
//!   output (never an argument) and kept root-only (0600) in
//!   `/var/cpanel/secure_reopen/whm.token`. The token can do only `passwd`, only from loopback.
//!   cPanel's access hash (`/root/.accesshash`) is not used at all: it is deprecated and off by
//!   default (`allow_deprecated_accesshash`), and a fallback would be a second, weaker door.
//! - **TLS**: the server's certificate must be exactly the one cpsrvd serves from disk
//!   (`Cpanel/SSLService.pm`: `/var/cpanel/ssl/cpanel/mycpanel.pem`, else `cpanel.pem`; the
//!   first certificate in the file), and the handshake's signature is checked against its key.
//!   The certificate names the server's hostname while we connect to 127.0.0.1, so there is no
//!   name check and no chain to a CA: the pin to the exact certificate replaces both (a
//!   self-signed or AutoSSL certificate pins the same way; a renewed certificate is read anew
//!   on every call).

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::os::unix::fs::{MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::WebPkiSupportedAlgorithms;
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use serde_json::Value;

use crate::paths::Paths;
use crate::user::UserName;

/// WHM's address; `SECURE_REOPEN_WHM_URL` moves it (the simulator).
pub const WHM_URL_ENV: &str = "SECURE_REOPEN_WHM_URL";
/// The name of the plugin's WHM API token.
pub const TOKEN_NAME: &str = "secure_reopen";
/// The one WHM ACL the token gets (`Whostmgr/ACLS/Data.pm` `passwd`).
const TOKEN_ACL: &str = "passwd";
/// A token is 32 characters; anything much longer in the file is not one.
const TOKEN_CAP: u64 = 512;
/// A certificate file (certificate, key, maybe a chain) larger than this is not cpsrvd's.
const CERT_CAP: u64 = 256 * 1024;
/// The most read of an answer.
const ANSWER_CAP: usize = 1 << 20;
const TIMEOUT: Duration = Duration::from_secs(60);

pub fn token_file(paths: &Paths) -> PathBuf {
    paths.data_dir().join("whm.token")
}

/// cpsrvd's certificate files, in the order cpsrvd picks them (`Cpanel/SSLService.pm`).
fn cert_files(paths: &Paths) -> [PathBuf; 2] {
    let dir = paths.root().join("var/cpanel/ssl/cpanel");
    [dir.join("mycpanel.pem"), dir.join("cpanel.pem")]
}

/// What `whm-token` did.
#[derive(Debug, PartialEq, Eq)]
pub enum TokenOutcome {
    /// A token file was there already; nothing changed.
    Kept,
    /// A new token was created and stored.
    Created,
}

/// Creates the plugin's WHM API token with `whmapi1` and stores it root-only, unless one is
/// stored already (`renew` replaces it). A token of the same name that WHM still has (a lost
/// file) is revoked first, since names are unique.
pub fn create_token(paths: &Paths, renew: bool) -> Result<TokenOutcome, String> {
    let file = token_file(paths);
    if !renew && read_token(paths).is_ok() {
        return Ok(TokenOutcome::Kept);
    }
    let whmapi1 = paths.root().join("usr/local/cpanel/bin/whmapi1");
    let run = |args: &[&str]| -> Result<Value, String> {
        let out = std::process::Command::new(&whmapi1)
            .args(args)
            .arg("--output=json")
            .stdin(std::process::Stdio::null())
            .output()
            .map_err(|e| format!("cannot run {}: {e}", whmapi1.display()))?;
        serde_json::from_slice(&out.stdout)
            .map_err(|_| format!("{} {} did not answer JSON (exit {})", whmapi1.display(), args[0], out.status))
    };
    let _ = run(&["api_token_revoke", &format!("token_name={TOKEN_NAME}")])?;
    let v = run(&[
        "api_token_create",
        &format!("token_name={TOKEN_NAME}"),
        &format!("acl-1={TOKEN_ACL}"),
        "whitelist_ip=127.0.0.1",
    ])?;
    if v["metadata"]["result"].as_i64() != Some(1) {
        return Err(format!(
            "WHM refused to create the API token: {}",
            v["metadata"]["reason"].as_str().unwrap_or("no reason given")
        ));
    }
    let token = v["data"]["token"].as_str().filter(|t| valid_token(t)).ok_or("WHM's answer holds no valid token")?;
    crate::fsutil::write_atomic(&file, token.as_bytes(), 0o600)
        .map_err(|e| format!("cannot write {}: {e}", file.display()))?;
    Ok(TokenOutcome::Created)
}

fn valid_token(t: &str) -> bool {
    (16..=128).contains(&t.len()) && t.bytes().all(|b| b.is_ascii_alphanumeric())
}

/// Reads a root-only file without following links, regular files only, up to `cap` bytes.
fn read_root_file(path: &Path, cap: u64, secret: bool) -> Result<Vec<u8>, String> {
    let f = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK | libc::O_CLOEXEC)
        .open(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let meta = f.metadata().map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if !meta.is_file() || meta.len() > cap {
        return Err(format!("{} is not a regular file of at most {cap} bytes", path.display()));
    }
    // SAFETY: geteuid has no preconditions.
    let euid = unsafe { libc::geteuid() };
    if secret && (meta.uid() != euid || meta.mode() & 0o077 != 0) {
        return Err(format!("{} must belong to root and be readable by root only (0600)", path.display()));
    }
    let mut buf = Vec::new();
    f.take(cap).read_to_end(&mut buf).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    Ok(buf)
}

fn read_token(paths: &Paths) -> Result<String, String> {
    let file = token_file(paths);
    let bytes = read_root_file(&file, TOKEN_CAP, true)
        .map_err(|e| format!("{e}; create the plugin's WHM API token with: secure-reopen whm-token"))?;
    let token = String::from_utf8_lossy(&bytes).trim().to_owned();
    if valid_token(&token) { Ok(token) } else { Err(format!("{} holds no valid token", file.display())) }
}

/// The certificate cpsrvd serves: the first one in the first file cpsrvd would use.
fn pinned_certificate(paths: &Paths) -> Result<CertificateDer<'static>, String> {
    let path = cert_files(paths)
        .into_iter()
        .find(|p| p.exists())
        .ok_or("cpsrvd's certificate (/var/cpanel/ssl/cpanel/mycpanel.pem or cpanel.pem) is missing")?;
    let pem = read_root_file(&path, CERT_CAP, false)?;
    CertificateDer::pem_slice_iter(&pem)
        .next()
        .ok_or_else(|| format!("{} holds no certificate", path.display()))?
        .map_err(|e| format!("{}: {e}", path.display()))
}

/// Accepts exactly one certificate, and checks the handshake was signed with its key.
#[derive(Debug)]
struct Pinned {
    cert: CertificateDer<'static>,
    algorithms: WebPkiSupportedAlgorithms,
}

impl ServerCertVerifier for Pinned {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if end_entity.as_ref() == self.cert.as_ref() {
            Ok(ServerCertVerified::assertion())
        } else {
            Err(rustls::Error::InvalidCertificate(rustls::CertificateError::ApplicationVerificationFailure))
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

/// `https://IP:PORT` with a loopback IP literal; anything else is refused.
fn loopback_addr(base: &str) -> Result<SocketAddr, String> {
    let rest = base.trim_end_matches('/').strip_prefix("https://").ok_or("cpsrvd must be reached over https")?;
    let addr: SocketAddr = rest.parse().map_err(|_| format!("{base} is not https://IP:PORT"))?;
    if !addr.ip().is_loopback() {
        return Err("cpsrvd must be reached on loopback".into());
    }
    Ok(addr)
}

/// An answer: the HTTP status and the body.
pub struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
}

/// POSTs a form to cpsrvd on loopback over TLS pinned to its certificate (see the module's
/// documentation). `auth` is the `Authorization` header's value.
pub fn post(paths: &Paths, base: &str, path: &str, auth: &str, form: &[(&str, &str)]) -> Result<Answer, String> {
    let addr = loopback_addr(base)?;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let verifier = Pinned { cert: pinned_certificate(paths)?, algorithms: provider.signature_verification_algorithms };
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth();
    let name = ServerName::IpAddress(addr.ip().into());
    let conn = rustls::ClientConnection::new(Arc::new(config), name).map_err(|e| e.to_string())?;
    let tcp = TcpStream::connect_timeout(&addr, Duration::from_secs(10))
        .map_err(|e| format!("cannot connect to cpsrvd at {addr}: {e}"))?;
    tcp.set_read_timeout(Some(TIMEOUT)).map_err(|e| e.to_string())?;
    tcp.set_write_timeout(Some(TIMEOUT)).map_err(|e| e.to_string())?;
    let mut tls = rustls::StreamOwned::new(conn, tcp);
    let body: String = form_urlencoded::Serializer::new(String::new()).extend_pairs(form).finish();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nAuthorization: {auth}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let io = |e: std::io::Error| format!("cpsrvd at {addr}: {e}");
    tls.write_all(head.as_bytes()).map_err(io)?;
    tls.write_all(body.as_bytes()).map_err(io)?;
    tls.flush().map_err(io)?;
    read_answer(&mut tls).map_err(io)
}

/// Reads an HTTP/1.1 answer: status line, headers, then a `Content-Length` body, a chunked
/// one, or one that ends with the connection (only with a TLS close_notify, so a cut answer is
/// never taken for a whole one).
fn read_answer(r: &mut impl Read) -> std::io::Result<Answer> {
    let bad = |m: &str| std::io::Error::other(m.to_owned());
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let mut eof = false;
    let mut fill = |buf: &mut Vec<u8>, eof: &mut bool| -> std::io::Result<()> {
        match r.read(&mut chunk) {
            Ok(0) => *eof = true,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => *eof = true,
            Err(e) => return Err(e),
        }
        if buf.len() > ANSWER_CAP {
            return Err(std::io::Error::other("answer too large"));
        }
        Ok(())
    };
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i + 4;
        }
        if eof {
            return Err(bad("the answer ended before its headers did"));
        }
        fill(&mut buf, &mut eof)?;
    };
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| bad("no HTTP status line"))?;
    let header = |name: &str| {
        head.split("\r\n")
            .skip(1)
            .filter_map(|l| l.split_once(':'))
            .find(|(k, _)| k.trim().eq_ignore_ascii_case(name))
            .map(|(_, v)| v.trim().to_owned())
    };
    let length: Option<usize> = header("content-length").and_then(|v| v.parse().ok());
    let chunked = header("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked"));
    loop {
        let body = &buf[head_end..];
        match (length, chunked) {
            (Some(n), false) if body.len() >= n => {
                return Ok(Answer { status, body: body[..n].to_vec() });
            }
            (_, true) => {
                if let Some(b) = dechunk(body) {
                    return Ok(Answer { status, body: b });
                }
            }
            _ => {}
        }
        if eof {
            return match (length, chunked) {
                (None, false) => Ok(Answer { status, body: body.to_vec() }),
                _ => Err(bad("the answer was cut off")),
            };
        }
        fill(&mut buf, &mut eof)?;
    }
}

/// A complete chunked body, or `None` while it is incomplete.
fn dechunk(mut b: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = b.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&b[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        b = &b[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        if b.len() < size + 2 {
            return None;
        }
        out.extend_from_slice(&b[..size]);
        b = &b[size + 2..];
    }
}

/// WHM's base address (`https://127.0.0.1:2087` on a server).
fn whm_base() -> String {
    std::env::var(WHM_URL_ENV).unwrap_or_else(|_| "https://127.0.0.1:2087".to_owned())
}

/// Sets `user`'s cPanel password with WHM API 1 `passwd`.
pub fn set_account_password(paths: &Paths, user: &UserName, password: &str) -> Result<(), String> {
    let token = read_token(paths)?;
    let answer = post(
        paths,
        &whm_base(),
        "/json-api/passwd",
        &format!("whm root:{token}"),
        &[("api.version", "1"), ("user", user.as_str()), ("password", password)],
    )?;
    if answer.status != 200 {
        return Err(format!("WHM answered HTTP {}", answer.status));
    }
    let v: Value = serde_json::from_slice(&answer.body).map_err(|e| format!("WHM's answer is not JSON: {e}"))?;
    if v["metadata"]["result"].as_i64() == Some(1) {
        Ok(())
    } else {
        Err(format!("WHM refused: {}", v["metadata"]["reason"].as_str().unwrap_or("no reason given")))
    }
}

#[cfg(test)]
mod tests;
