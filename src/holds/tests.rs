use super::*;

#[test]
fn the_include_lets_only_the_preview_address_through() {
    let open = include_text(None);
    assert!(open.contains("RewriteRule ^ - [R=503,L]") && !open.contains("REMOTE_ADDR"));
    let preview = include_text(Some("2001:db8::7".parse().unwrap()));
    assert!(preview.contains("RewriteCond %{REMOTE_ADDR} !=2001:db8::7\n"), "{preview}");
    assert!(preview.contains("RewriteCond %{REQUEST_URI} !^/\\.well-known/\n"), "{preview}");
}
