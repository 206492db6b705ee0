use super::*;

#[test]
fn on_a_server_a_loopback_address_is_a_proxy_and_never_let_through() {
    let ip = |s: &str| s.parse::<IpAddr>().unwrap();
    let server = Paths::new("/");
    assert!(!preview_allowed(&server, ip("127.0.0.1")));
    assert!(!preview_allowed(&server, ip("::1")));
    assert!(preview_allowed(&server, ip("203.0.113.7")));
    assert!(preview_allowed(&server, ip("2001:db8::7")));
    for bad in ["0.0.0.0", "255.255.255.255", "224.0.0.9", "169.254.3.3", "fe80::1", "ff02::1"] {
        assert!(!preview_allowed(&server, ip(bad)), "{bad}");
    }
    // The simulator's fake root: everything is loopback there.
    assert!(preview_allowed(&Paths::new("/tmp/fake-root"), ip("127.0.0.1")));
}
