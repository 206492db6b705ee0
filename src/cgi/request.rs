//! The CGI request (RFC 3875), read from the environment and standard input.

use std::collections::HashMap;
use std::io::Read;

use crate::user::UserName;

/// The cPanel session's security token, `/cpsessNNNNNNNNNN`, which prefixes every URL of the
/// session. A request without a valid one is refused.
#[derive(Clone, PartialEq, Eq)]
pub struct SecurityToken(String);

impl SecurityToken {
    pub fn is_valid(s: &str) -> bool {
        s.len() == 17 && s.starts_with("/cpsess") && s[7..].bytes().all(|b| b.is_ascii_digit())
    }

    pub fn parse(s: &str) -> Option<SecurityToken> {
        SecurityToken::is_valid(s).then(|| SecurityToken(s.to_owned()))
    }

    /// Finds the token at the start of a request path (`/cpsess0123456789/frontend/…`).
    pub fn from_path(path: &str) -> Option<SecurityToken> {
        path.get(..17).and_then(SecurityToken::parse).filter(|_| path.len() == 17 || path.as_bytes()[17] == b'/')
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for SecurityToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecurityToken(<redacted>)")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Head,
    Post,
}

#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest request body accepted (413 above).
    pub max_body: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        // A password plan of 10,000 credentials posted back for confirmation is about 1 MB.
        Limits { max_body: 4 << 20 }
    }
}

/// Why a request was refused before any page code ran. Each maps to one error page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestError {
    MethodNotAllowed(String),
    BodyTooLarge { limit: usize },
    BadLength,
    UnsupportedContentType(String),
    NoUser,
    NoSecurityToken,
    Io(String),
}

#[derive(Debug, Clone)]
pub struct Request {
    pub method: Method,
    pub user: UserName,
    pub security_token: SecurityToken,
    /// `SCRIPT_NAME` as cpsrvd gave it: the URL of this program, token included.
    pub script_name: String,
    pub query: Vec<(String, String)>,
    pub form: Vec<(String, String)>,
    pub cookies: Vec<(String, String)>,
    pub remote_addr: String,
    pub accept_language: String,
}

impl Request {
    /// Reads a request from CGI variables and the body stream.
    pub fn from_cgi(
        env: &HashMap<String, String>,
        body: &mut dyn Read,
        limits: &Limits,
    ) -> Result<Request, RequestError> {
        let var = |k: &str| env.get(k).map(String::as_str).unwrap_or("");
        let method = match var("REQUEST_METHOD") {
            "GET" => Method::Get,
            "HEAD" => Method::Head,
            "POST" => Method::Post,
            other => return Err(RequestError::MethodNotAllowed(other.to_owned())),
        };
        let user = UserName::parse(var("REMOTE_USER")).map_err(|_| RequestError::NoUser)?;
        let security_token = security_token(env).ok_or(RequestError::NoSecurityToken)?;
        let query = parse_urlencoded(var("QUERY_STRING").as_bytes());
        let cookies = parse_cookies(var("HTTP_COOKIE"));
        let form = if method == Method::Post { read_form(env, body, limits)? } else { Vec::new() };
        Ok(Request {
            method,
            user,
            security_token,
            script_name: var("SCRIPT_NAME").to_owned(),
            query,
            form,
            cookies,
            remote_addr: var("REMOTE_ADDR").to_owned(),
            accept_language: var("HTTP_ACCEPT_LANGUAGE").to_owned(),
        })
    }

    pub fn query_value(&self, key: &str) -> Option<&str> {
        first(&self.query, key)
    }

    pub fn form_value(&self, key: &str) -> Option<&str> {
        first(&self.form, key)
    }

    pub fn form_values<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.form.iter().filter(move |(k, _)| k == key).map(|(_, v)| v.as_str())
    }

    pub fn cookie(&self, name: &str) -> Option<&str> {
        first(&self.cookies, name)
    }

    /// The URL of this program for links and form actions (`/cpsessN/frontend/…/index.live.cgi`).
    pub fn self_url(&self) -> &str {
        &self.script_name
    }
}

fn first<'a>(pairs: &'a [(String, String)], key: &str) -> Option<&'a str> {
    pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

/// cpsrvd puts the token in `cp_security_token`; the URL (`SCRIPT_NAME`/`REQUEST_URI`) carries
/// it too. When both are present they must agree.
fn security_token(env: &HashMap<String, String>) -> Option<SecurityToken> {
    let from_env = env.get("cp_security_token").and_then(|s| SecurityToken::parse(s));
    let from_url =
        ["SCRIPT_NAME", "REQUEST_URI"].iter().find_map(|k| env.get(*k).and_then(|p| SecurityToken::from_path(p)));
    match (from_env, from_url) {
        (Some(a), Some(b)) if a != b => None,
        (Some(a), _) => Some(a),
        (None, b) => b,
    }
}

fn read_form(
    env: &HashMap<String, String>,
    body: &mut dyn Read,
    limits: &Limits,
) -> Result<Vec<(String, String)>, RequestError> {
    let ctype = env.get("CONTENT_TYPE").map(String::as_str).unwrap_or("");
    let mime = ctype.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let len_text = env.get("CONTENT_LENGTH").map(String::as_str).unwrap_or("").trim();
    let len: usize = if len_text.is_empty() { 0 } else { len_text.parse().map_err(|_| RequestError::BadLength)? };
    if len > limits.max_body {
        return Err(RequestError::BodyTooLarge { limit: limits.max_body });
    }
    if len == 0 {
        return Ok(Vec::new());
    }
    if mime != "application/x-www-form-urlencoded" {
        return Err(RequestError::UnsupportedContentType(mime));
    }
    let mut buf = vec![0u8; len];
    body.read_exact(&mut buf).map_err(|e| RequestError::Io(e.to_string()))?;
    Ok(parse_urlencoded(&buf))
}

fn parse_urlencoded(bytes: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(bytes).map(|(k, v)| (k.into_owned(), v.into_owned())).collect()
}

fn parse_cookies(header: &str) -> Vec<(String, String)> {
    cookie::Cookie::split_parse(header.to_owned())
        .filter_map(Result::ok)
        .map(|c| (c.name().to_owned(), c.value().to_owned()))
        .collect()
}

#[cfg(test)]
mod tests;
