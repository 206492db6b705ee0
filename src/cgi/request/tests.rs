use super::*;

fn env(pairs: &[(&str, &str)]) -> HashMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn base() -> Vec<(&'static str, &'static str)> {
    vec![
        ("REQUEST_METHOD", "GET"),
        ("REMOTE_USER", "demo"),
        ("SCRIPT_NAME", "/cpsess0123456789/frontend/jupiter/secure_reopen/index.live.cgi"),
        ("QUERY_STRING", "view=home&x=a%20b"),
        ("HTTP_COOKIE", "cpsession=abc%3Adef; other=1"),
    ]
}

#[test]
fn reads_query_cookies_and_token() {
    let r = Request::from_cgi(&env(&base()), &mut std::io::empty(), &Limits::default()).unwrap();
    assert_eq!(r.query_value("x"), Some("a b"));
    assert_eq!(r.cookie("cpsession"), Some("abc%3Adef"));
    assert_eq!(r.security_token.as_str(), "/cpsess0123456789");
}

#[test]
fn token_in_env_must_match_url() {
    let mut e = base();
    e.push(("cp_security_token", "/cpsess9999999999"));
    let r = Request::from_cgi(&env(&e), &mut std::io::empty(), &Limits::default());
    assert_eq!(r.unwrap_err(), RequestError::NoSecurityToken);
}

#[test]
fn body_limit_checked_before_reading() {
    let mut e = base();
    e[0] = ("REQUEST_METHOD", "POST");
    e.push(("CONTENT_TYPE", "application/x-www-form-urlencoded"));
    e.push(("CONTENT_LENGTH", "5000001"));
    let r = Request::from_cgi(&env(&e), &mut std::io::empty(), &Limits { max_body: 5_000_000 });
    assert_eq!(r.unwrap_err(), RequestError::BodyTooLarge { limit: 5_000_000 });
}

#[test]
fn token_path_needs_slash_boundary() {
    assert!(SecurityToken::from_path("/cpsess01234567890/x").is_none());
    assert!(SecurityToken::from_path("/cpsess0123456789/x").is_some());
    assert!(SecurityToken::from_path("/cpsess012345678a/x").is_none());
}
