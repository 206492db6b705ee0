use super::*;
use crate::passwords::plan::CredentialId;

struct NoCpanel;

impl crate::uapi::Transport for NoCpanel {
    fn uapi(&self, c: &Call) -> Result<crate::uapi::Envelope, crate::uapi::UapiError> {
        Err(crate::uapi::UapiError::Unreachable { call: c.name(), detail: "test".into() })
    }
    fn api2(&self, c: &Call) -> Result<crate::uapi::Api2Envelope, crate::uapi::UapiError> {
        Err(crate::uapi::UapiError::Unreachable { call: c.name(), detail: "test".into() })
    }
}

fn sheet_bytes(n: usize) -> usize {
    let env: std::collections::HashMap<String, String> = [
        ("REQUEST_METHOD", "GET"),
        ("REMOTE_USER", "big"),
        ("SCRIPT_NAME", "/cpsess0123456789/frontend/jupiter/secure_reopen/index.live.cgi"),
        ("QUERY_STRING", "view=passwords"),
        ("HTTP_COOKIE", "cpsession=abc"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    let req = Request::from_cgi(&env, &mut std::io::empty(), &Default::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let ctx = Ctx {
        paths: crate::paths::Paths::new(dir.path()),
        home: dir.path().to_path_buf(),
        state_dir: dir.path().join(".secure_reopen"),
        transport: Box::new(NoCpanel),
        csrf: crate::cgi::csrf::Key::fixed([7; 32]),
    };
    let mut ids = vec![CredentialId { kind: Kind::Cpanel, login: "big".into() }];
    ids.extend((1..n).map(|i| CredentialId { kind: Kind::Email, login: format!("user{i}@big-shop.example") }));
    let seed = Seed::random();
    let (items, bumps) = plan::generate_from_seed(&seed, "p", &ids, &["big"]);
    let stored = Stored {
        plan_id: "p".into(),
        created_at: time::OffsetDateTime::now_utc(),
        items: ids,
        digest: plan::Digest { salt_hex: String::new(), hash_hex: String::new(), m_cost_kib: 0, t_cost: 0, p_cost: 0 },
        seed_check: seed.check("p"),
        bumps,
        own: Default::default(),
        replaced: None,
    };
    let page = layout(Lang::En, Some(&req), "t", sheet_form(Lang::En, &req, &ctx, &stored, &items)).into_string();
    assert_eq!(page.matches("<form").count(), 1, "one form");
    let pw = items[n - 1].password.expose();
    assert_eq!(page.matches(pw).count(), 1, "each password carried once");
    assert_eq!(page.matches(&super::super::password(pw).into_string()).count(), 1, "and shown once, in groups");
    page.len()
}

#[test]
fn the_sheet_grows_by_at_most_300_bytes_per_credential() {
    let (small, large) = (sheet_bytes(10), sheet_bytes(2010));
    let per = (large - small) as f64 / 2000.0;
    assert!(per <= 300.0, "{per:.1} bytes per credential");
    assert!(small < 16 * 1024, "the constant part is {small} bytes");
}
