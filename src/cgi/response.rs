//! CGI responses: `Status:` and headers, then the body. Every response carries the same
//! security headers; nothing here can turn them off.

use std::io::Write;
use std::sync::OnceLock;

use base64::Engine;
use sha2::{Digest, Sha256};

#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub content_type: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn html(status: u16, markup: String) -> Response {
        Response {
            status,
            content_type: "text/html; charset=utf-8".to_owned(),
            headers: Vec::new(),
            body: markup.into_bytes(),
        }
    }

    /// 303 See Other after a successful POST, so a reload does not post again.
    pub fn see_other(location: &str) -> Response {
        let mut r = Response::html(303, String::new());
        r.headers.push(("Location".to_owned(), location.to_owned()));
        r
    }

    /// A file the browser saves (`Content-Disposition: attachment`).
    pub fn download(filename: &str, content_type: &str, body: Vec<u8>) -> Response {
        let safe: String =
            filename.chars().map(|c| if c.is_ascii_alphanumeric() || ".-_".contains(c) { c } else { '_' }).collect();
        Response {
            status: 200,
            content_type: content_type.to_owned(),
            headers: vec![("Content-Disposition".to_owned(), format!("attachment; filename=\"{safe}\""))],
            body,
        }
    }

    pub fn write_cgi(&self, out: &mut dyn Write, head_only: bool) -> std::io::Result<()> {
        let mut head =
            format!("Status: {} {}\r\nContent-Type: {}\r\n", self.status, reason(self.status), self.content_type);
        for (k, v) in security_headers() {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        for (k, v) in &self.headers {
            // Header values come from our own code; still, never let one break the framing.
            let v: String = v.chars().filter(|c| *c != '\r' && *c != '\n').collect();
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str(&format!("Content-Length: {}\r\n\r\n", self.body.len()));
        out.write_all(head.as_bytes())?;
        if !head_only {
            out.write_all(&self.body)?;
        }
        out.flush()
    }
}

/// The page's only stylesheet is inline; the CSP allows exactly that text by its hash.
pub fn style_hash() -> &'static str {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| {
        let digest = Sha256::digest(crate::pages::STYLE.as_bytes());
        format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest))
    })
}

pub fn content_security_policy() -> String {
    format!(
        "default-src 'none'; style-src {}; img-src 'self' data:; form-action 'self'; \
         frame-ancestors 'self'; base-uri 'none'",
        style_hash()
    )
}

fn security_headers() -> [(&'static str, String); 6] {
    [
        ("Cache-Control", "no-store".to_owned()),
        ("Content-Security-Policy", content_security_policy()),
        ("X-Content-Type-Options", "nosniff".to_owned()),
        ("Referrer-Policy", "no-referrer".to_owned()),
        ("X-Frame-Options", "SAMEORIGIN".to_owned()),
        ("Permissions-Policy", "camera=(), microphone=(), geolocation=()".to_owned()),
    ]
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        303 => "See Other",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        409 => "Conflict",
        413 => "Content Too Large",
        415 => "Unsupported Media Type",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Unknown",
    }
}
