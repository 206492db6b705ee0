use super::*;
use std::fs;
use std::os::unix::fs::PermissionsExt;

fn scope<'a>(home: &'a Path, roots: &'a [PathBuf]) -> Scope<'a> {
    Scope { home, docroots: roots, own_domains: &[], attack: None, release: None }
}

#[test]
fn a_view_reads_the_record_and_a_refresh_or_damage_walks_again() {
    let home = tempfile::tempdir().unwrap();
    let state = home.path().join(".secure_reopen");
    let doc = home.path().join("public_html");
    fs::create_dir_all(&doc).unwrap();
    fs::write(doc.join("open.txt"), "x").unwrap();
    fs::set_permissions(doc.join("open.txt"), fs::Permissions::from_mode(0o666)).unwrap();
    let roots = [doc.clone()];
    let s = scope(home.path(), &roots);
    let walk = Walk::Cached { state_dir: &state, case: "case-1" };

    let (first, c) = site(&s, walk);
    assert_eq!(c.unwrap().origin, Origin::FirstCheck);
    assert_eq!(first.files.world_writable, 1);
    assert_eq!(fs::metadata(path(&state)).unwrap().permissions().mode() & 0o777, 0o600);

    // The file is fixed behind the page's back: the view shows the saved check…
    fs::set_permissions(doc.join("open.txt"), fs::Permissions::from_mode(0o644)).unwrap();
    let (again, c) = site(&s, walk);
    assert_eq!((c.unwrap().origin, again.files.world_writable), (Origin::Saved, 1));
    // …root never reads it…
    assert_eq!(site(&s, Walk::Full), (Site { files: Findings::default(), sweep: vec![] }, None));
    // …another case does not use it…
    let (other, c) = site(&s, Walk::Cached { state_dir: &state, case: "case-2" });
    assert_eq!((c.unwrap().origin, other.files.world_writable), (Origin::Outdated, 0));
    // …and a damaged record is walked again and replaced.
    fs::write(path(&state), b"{\"version\":1,").unwrap();
    let (fixed, c) = site(&s, walk);
    assert_eq!((c.unwrap().origin, fixed.files.world_writable), (Origin::Damaged, 0));
    assert_eq!(site(&s, walk).1.unwrap().origin, Origin::Saved);
}

#[test]
fn a_link_in_place_of_the_record_is_not_read() {
    let home = tempfile::tempdir().unwrap();
    let state = home.path().join(".secure_reopen");
    fs::create_dir_all(&state).unwrap();
    let elsewhere = home.path().join("elsewhere.json");
    fs::write(&elsewhere, "{}").unwrap();
    std::os::unix::fs::symlink(&elsewhere, path(&state)).unwrap();
    assert!(load(&state).is_err());
}

#[test]
fn the_scope_key_changes_with_what_the_walk_depends_on() {
    let home = Path::new("/home/u");
    let a = [PathBuf::from("/home/u/public_html")];
    let b = [PathBuf::from("/home/u/public_html"), PathBuf::from("/home/u/shop")];
    assert_ne!(scope(home, &a).key(), scope(home, &b).key());
    let domains = ["shop.example".to_owned()];
    let with_domains = Scope { own_domains: &domains, ..scope(home, &a) };
    assert_ne!(scope(home, &a).key(), with_domains.key());
    let released = Scope { release: Some(OffsetDateTime::UNIX_EPOCH), ..scope(home, &a) };
    assert_ne!(scope(home, &a).key(), released.key());
    assert_eq!(scope(home, &a).key(), scope(home, &a).key());
}
