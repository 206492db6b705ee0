//! Root's own door to WHM API 1, for the one thing UAPI cannot do for a customer who lost
//! their password: set the cPanel account password (`passwd`). Authenticates with the access
//! hash cPanel keeps for root (`/root/.accesshash`, root-only; cPanel's "Access Hash
//! Authentication"), over loopback TLS, parameters in the POST body, never on a command line.

use std::time::Duration;

use serde_json::Value;

use crate::paths::Paths;
use crate::user::UserName;

/// WHM's address; `SECURE_REOPEN_WHM_URL` moves it (the simulator).
pub const WHM_URL_ENV: &str = "SECURE_REOPEN_WHM_URL";

pub fn set_account_password(paths: &Paths, user: &UserName, password: &str) -> Result<(), String> {
    let hash_file = paths.root().join("root/.accesshash");
    let hash: String = std::fs::read_to_string(&hash_file)
        .map_err(|e| format!("cannot read {}: {e}", hash_file.display()))?
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let base = std::env::var(WHM_URL_ENV).unwrap_or_else(|_| "https://127.0.0.1:2087".to_owned());
    let uri: ureq::http::Uri = base.parse().map_err(|e| format!("invalid WHM address: {e}"))?;
    let loopback = uri
        .host()
        .map(|h| h.trim_matches(['[', ']']))
        .and_then(|h| h.parse::<std::net::IpAddr>().ok())
        .is_some_and(|ip| ip.is_loopback());
    if !loopback {
        return Err("WHM must be reached on loopback".into());
    }
    let tls = ureq::tls::TlsConfig::builder().disable_verification(true).build();
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(60)))
        .http_status_as_error(false)
        .tls_config(tls)
        .build()
        .into();
    let resp = agent
        .post(&format!("{}/json-api/passwd", base.trim_end_matches('/')))
        .header("Authorization", &format!("WHM root:{hash}"))
        .send_form([("api.version", "1"), ("user", user.as_str()), ("password", password)])
        .map_err(|e| format!("cannot reach WHM: {e}"))?;
    let status = resp.status().as_u16();
    let body = resp.into_body().read_to_string().map_err(|e| e.to_string())?;
    if status != 200 {
        return Err(format!("WHM answered HTTP {status}"));
    }
    let v: Value = serde_json::from_str(&body).map_err(|e| format!("WHM's answer is not JSON: {e}"))?;
    if v["metadata"]["result"].as_i64() == Some(1) {
        Ok(())
    } else {
        Err(format!("WHM refused: {}", v["metadata"]["reason"].as_str().unwrap_or("no reason given")))
    }
}
