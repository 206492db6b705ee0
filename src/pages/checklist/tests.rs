#[test]
fn fingerprints_read_as_ssh_keygen_prints_them() {
    // ssh-keygen -l -f key.pub: "256 SHA256:NPTjlGQd… laptop@home (ED25519)"
    let line = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBs9y1uZNQyVcFbAV2Ge1yDvZQoRh0GEzMU5dmJsrNyi laptop@home\n";
    let (fp, comment) = super::fingerprint(line).unwrap();
    assert_eq!(comment, "laptop@home");
    assert!(fp.starts_with("SHA256:") && fp.len() == 7 + 43, "{fp}");
    assert!(super::fingerprint("not a key").is_none());
}
