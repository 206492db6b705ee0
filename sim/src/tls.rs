//! cpsrvd's TLS side (ports 2083/2087): a listener that speaks TLS with the server's own
//! certificate and hands each request to the plain HTTP server, as cpsrvd serves the same
//! requests on its SSL and non-SSL ports.
//!
//! The certificate lives where cpsrvd reads it (`Cpanel/SSLService.pm`: `SSL_cert_file` and
//! `SSL_key_file` are both `/var/cpanel/ssl/cpanel/mycpanel.pem`, else `cpanel.pem`): one PEM
//! file with the certificate and its key, root-only. It names the server's hostname, not
//! 127.0.0.1, as cPanel's self-signed certificate does.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer};

/// Where cpsrvd's certificate and key are in the fake root.
pub fn pem_path(root: &Path) -> PathBuf {
    root.join("var/cpanel/ssl/cpanel/mycpanel.pem")
}

/// Makes a self-signed certificate for `hostname` unless the fake root has one.
pub fn ensure_certificate(root: &Path, hostname: &str) -> Result<(), String> {
    let path = pem_path(root);
    if path.exists() {
        return Ok(());
    }
    let cert = rcgen::generate_simple_self_signed(vec![hostname.to_owned()]).map_err(|e| e.to_string())?;
    let pem = format!("{}{}", cert.cert.pem(), cert.key_pair.serialize_pem());
    crate::util::write_atomic(&path, pem.as_bytes(), 0o600).map_err(|e| e.to_string())
}

fn server_config(root: &Path) -> Result<rustls::ServerConfig, String> {
    let path = pem_path(root);
    let certs: Vec<CertificateDer<'static>> = CertificateDer::pem_file_iter(&path)
        .map_err(|e| format!("{}: {e}", path.display()))?
        .collect::<Result<_, _>>()
        .map_err(|e| format!("{}: {e}", path.display()))?;
    let key = PrivateKeyDer::from_pem_file(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    rustls::ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(|e| e.to_string())?
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .map_err(|e| e.to_string())
}

/// Listens on a free loopback port; every connection is served on its own thread and
/// forwarded to the plain server at `plain`. Returns the TLS address.
pub fn serve(root: &Path, plain: SocketAddr) -> Result<SocketAddr, String> {
    let config = Arc::new(server_config(root)?);
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    let addr = listener.local_addr().map_err(|e| e.to_string())?;
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let config = config.clone();
            std::thread::spawn(move || {
                let _ = forward(config, stream, plain);
            });
        }
    });
    Ok(addr)
}

const MAX_REQUEST: usize = 16 << 20;

/// One request over TLS: read it whole, send it to the plain server with `Connection: close`,
/// send its answer back and close with a TLS close_notify.
fn forward(config: Arc<rustls::ServerConfig>, tcp: TcpStream, plain: SocketAddr) -> std::io::Result<()> {
    tcp.set_read_timeout(Some(Duration::from_secs(60)))?;
    tcp.set_write_timeout(Some(Duration::from_secs(60)))?;
    let conn = rustls::ServerConnection::new(config).map_err(std::io::Error::other)?;
    let mut tls = rustls::StreamOwned::new(conn, tcp);
    let mut reader = BufReader::new(&mut tls);
    let mut head = Vec::new();
    let mut length = 0usize;
    loop {
        let mut line = Vec::new();
        if reader.read_until(b'\n', &mut line)? == 0 {
            return Ok(());
        }
        if line == b"\r\n" || line == b"\n" {
            break;
        }
        let text = String::from_utf8_lossy(&line);
        if let Some((k, v)) = text.split_once(':') {
            if k.trim().eq_ignore_ascii_case("content-length") {
                length = v.trim().parse().unwrap_or(0);
            }
            if k.trim().eq_ignore_ascii_case("connection") {
                continue;
            }
        }
        head.extend_from_slice(&line);
        if head.len() > MAX_REQUEST {
            return Ok(());
        }
    }
    if length > MAX_REQUEST {
        return Ok(());
    }
    let mut body = vec![0u8; length];
    reader.read_exact(&mut body)?;
    drop(reader);
    let mut backend = TcpStream::connect(plain)?;
    backend.set_read_timeout(Some(Duration::from_secs(600)))?;
    backend.write_all(&head)?;
    backend.write_all(b"Connection: close\r\n\r\n")?;
    backend.write_all(&body)?;
    let mut answer = Vec::new();
    backend.read_to_end(&mut answer)?;
    tls.write_all(&answer)?;
    tls.conn.send_close_notify();
    tls.flush()?;
    Ok(())
}
