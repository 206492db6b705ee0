//! cpsrvd over HTTP(S): `/execute/Module/function` for UAPI and `/json-api/cpanel` for API 2,
//! for tools outside cpsrvd (tests, benchmarks) that log in with an API token or a password.
//! The page itself never uses this: inside cpsrvd it speaks LiveAPI ([`super::live`]); a
//! replayed session cookie would be refused by cPanel's cookie IP validation anyway.
//!
//! `/execute` answers the **bare** result object `{data,errors,messages,metadata,status,warnings}`
//! (`Cpanel/API.pm` `_serialize_result`; cPanel's own `cjt2` `io/uapi.js` reads it so), not the
//! `uapi` tool's `{apiversion,func,module,result}` wrapper. API 2 answers `{"cpanelresult":…}`.
//!
//! Every request is a POST with a form body, so parameters (passwords among them) never travel
//! in a URL and never land in cpsrvd's access log.

use std::fmt;
use std::time::Duration;

use base64::Engine;
use ureq::Agent;

use super::{Api2Envelope, Call, Envelope, Transport, UapiError, check_name};

/// How the transport proves who it is.
#[derive(Clone)]
pub enum Auth {
    /// `Authorization: cpanel USER:TOKEN`.
    Token { user: String, token: String },
    /// HTTP Basic with the account's password.
    Basic { user: String, password: String },
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Auth::Token { user, .. } => write!(f, "Auth::Token({user}, <redacted>)"),
            Auth::Basic { user, .. } => write!(f, "Auth::Basic({user}, <redacted>)"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct HttpOptions {
    /// Limit for one whole request, connection to last byte.
    pub timeout: Duration,
    /// Largest answer read (a list of 10,000 mailboxes is about 2 MB).
    pub max_response_bytes: u64,
}

impl Default for HttpOptions {
    fn default() -> HttpOptions {
        HttpOptions { timeout: Duration::from_secs(30), max_response_bytes: 64 * 1024 * 1024 }
    }
}

pub struct HttpTransport {
    base: String,
    auth: Auth,
    agent: Agent,
    opts: HttpOptions,
}

impl fmt::Debug for HttpTransport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpTransport").field("base", &self.base).field("auth", &self.auth).finish()
    }
}

/// True for the literal loopback addresses cpsrvd listens on locally.
fn is_loopback_host(host: &str) -> bool {
    let h = host.trim_start_matches('[').trim_end_matches(']');
    h.parse::<std::net::IpAddr>().map(|ip| ip.is_loopback()).unwrap_or(false)
}

impl HttpTransport {
    /// `base` is cpsrvd's address, e.g. `https://127.0.0.1:2083`.
    ///
    /// TLS certificates are verified, except for a literal loopback address (127.0.0.1, ::1):
    /// there cpsrvd serves its self-signed certificate and the connection never leaves the
    /// machine, so verification is switched off for that case only.
    pub fn new(base: &str, auth: Auth, opts: HttpOptions) -> Result<HttpTransport, String> {
        let uri: ureq::http::Uri = base.parse().map_err(|e| format!("invalid cPanel address {base:?}: {e}"))?;
        let scheme = uri.scheme_str().unwrap_or("");
        if scheme != "http" && scheme != "https" {
            return Err(format!("cPanel address {base:?} must start with http:// or https://"));
        }
        let host = uri.host().ok_or_else(|| format!("cPanel address {base:?} has no host"))?;
        if scheme == "http" && !is_loopback_host(host) {
            return Err(format!(
                "refusing plain http to {host}: credentials would cross the network unencrypted; use https"
            ));
        }
        let tls =
            ureq::tls::TlsConfig::builder().disable_verification(scheme == "https" && is_loopback_host(host)).build();
        let agent: Agent = Agent::config_builder()
            .timeout_global(Some(opts.timeout))
            .http_status_as_error(false)
            .max_redirects(0)
            .tls_config(tls)
            .build()
            .into();
        Ok(HttpTransport { base: base.trim_end_matches('/').to_owned(), auth, agent, opts })
    }

    fn post(&self, call: &Call, path: &str, form: Vec<(String, String)>) -> Result<Vec<u8>, UapiError> {
        let name = call.name();
        let url = format!("{}{}", self.base, path);
        let mut req = self.agent.post(&url).header("Accept", "application/json");
        req = match &self.auth {
            Auth::Token { user, token } => req.header("Authorization", &format!("cpanel {user}:{token}")),
            Auth::Basic { user, password } => {
                let b64 = base64::engine::general_purpose::STANDARD.encode(format!("{user}:{password}"));
                req.header("Authorization", &format!("Basic {b64}"))
            }
        };
        let resp = req.send_form(form).map_err(|e| self.map_err(&name, e))?;
        let status = resp.status().as_u16();
        if status == 401 || status == 403 {
            return Err(UapiError::Denied { call: name });
        }
        if !(200..300).contains(&status) {
            return Err(UapiError::Http { call: name, status });
        }
        resp.into_body()
            .with_config()
            .limit(self.opts.max_response_bytes)
            .read_to_vec()
            .map_err(|e| self.map_err(&name, e))
    }

    fn map_err(&self, call: &str, e: ureq::Error) -> UapiError {
        let call = call.to_owned();
        match e {
            ureq::Error::Timeout(_) => UapiError::Timeout { call, seconds: self.opts.timeout.as_secs() },
            ureq::Error::BodyExceedsLimit(n) => {
                UapiError::Malformed { call, detail: format!("answer larger than {n} bytes") }
            }
            ureq::Error::Io(io) if io.kind() == std::io::ErrorKind::TimedOut => {
                UapiError::Timeout { call, seconds: self.opts.timeout.as_secs() }
            }
            other => UapiError::Unreachable { call, detail: other.to_string() },
        }
    }
}

impl Transport for HttpTransport {
    fn uapi(&self, call: &Call) -> Result<Envelope, UapiError> {
        check_name(call)?;
        let path = format!("/execute/{}/{}", call.module, call.func);
        let body = self.post(call, &path, call.args.clone())?;
        Envelope::parse_bare(&call.name(), &body)
    }

    fn api2(&self, call: &Call) -> Result<Api2Envelope, UapiError> {
        check_name(call)?;
        let user = match &self.auth {
            Auth::Token { user, .. } | Auth::Basic { user, .. } => user.clone(),
        };
        let mut form = vec![
            ("cpanel_jsonapi_apiversion".to_owned(), "2".to_owned()),
            ("cpanel_jsonapi_module".to_owned(), call.module.clone()),
            ("cpanel_jsonapi_func".to_owned(), call.func.clone()),
        ];
        if !user.is_empty() {
            form.push(("cpanel_jsonapi_user".to_owned(), user));
        }
        form.extend(call.args.iter().cloned());
        let body = self.post(call, "/json-api/cpanel", form)?;
        Api2Envelope::parse(&call.name(), &body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_only_for_literal_addresses() {
        assert!(is_loopback_host("127.0.0.1"));
        assert!(is_loopback_host("[::1]"));
        assert!(!is_loopback_host("localhost.evil.example"));
        assert!(!is_loopback_host("10.0.0.1"));
    }

    #[test]
    fn plain_http_refused_off_loopback() {
        let auth = Auth::Basic { user: "u".into(), password: "p".into() };
        assert!(HttpTransport::new("http://203.0.113.5:2082", auth.clone(), HttpOptions::default()).is_err());
        assert!(HttpTransport::new("http://127.0.0.1:2082", auth, HttpOptions::default()).is_ok());
    }

    #[test]
    fn secrets_never_in_debug() {
        let auth = Auth::Basic { user: "u".into(), password: "hunter2-very-secret".into() };
        assert!(!format!("{auth:?}").contains("hunter2"));
        let c = Call::new("Email", "passwd_pop").arg("password", "hunter2-very-secret").secret();
        assert!(!format!("{c:?}").contains("hunter2"));
    }
}
