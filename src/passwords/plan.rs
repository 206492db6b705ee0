//! The password plan: which credential gets which new password. The customer sees and saves
//! it (phase 1) before anything changes; the server keeps only one argon2id digest of the
//! whole plan, so a posted plan can be checked for tampering (phase 2) without any plaintext
//! on disk. One digest per plan, whatever its size.

use std::fmt;

use argon2::{Algorithm, Argon2, Params, Version};
use serde::{Deserialize, Serialize};
use subtle::ConstantTimeEq;
use zeroize::Zeroize;

use super::Secret;

/// What kind of login a credential is; decides the UAPI call that changes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Cpanel,
    Ftp,
    Email,
    Mysql,
    Postgres,
    Webdisk,
    Subaccount,
    WordpressAdmin,
}

impl Kind {
    pub const ALL: [Kind; 8] = [
        Kind::Cpanel,
        Kind::Ftp,
        Kind::Email,
        Kind::Mysql,
        Kind::Postgres,
        Kind::Webdisk,
        Kind::Subaccount,
        Kind::WordpressAdmin,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Kind::Cpanel => "cpanel",
            Kind::Ftp => "ftp",
            Kind::Email => "email",
            Kind::Mysql => "mysql",
            Kind::Postgres => "postgres",
            Kind::Webdisk => "webdisk",
            Kind::Subaccount => "subaccount",
            Kind::WordpressAdmin => "wordpress_admin",
        }
    }

    /// cPanel's `app` name for `PasswdStrength::get_required_strength`.
    pub fn strength_app(self) -> &'static str {
        match self {
            Kind::Cpanel => "passwd",
            Kind::Ftp => "ftp",
            Kind::Email => "pop",
            Kind::Mysql => "mysql",
            Kind::Postgres => "postgres",
            Kind::Webdisk => "webdisk",
            Kind::Subaccount | Kind::WordpressAdmin => "virtual",
        }
    }

    pub fn from_code(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.code() == s)
    }
}

/// One credential: its kind and login (email address, FTP user, DB user, `site-id:admin`…).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct CredentialId {
    pub kind: Kind,
    pub login: String,
}

/// A plan item with its new password (only in memory and on the customer's page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub id: CredentialId,
    pub password: Secret,
    /// The customer typed this one instead of the generated password.
    pub custom: bool,
}

/// argon2id parameters of the digest: OWASP's minimum (m = 19 MiB, t = 2, p = 1).
pub const M_COST_KIB: u32 = 19 * 1024;
pub const T_COST: u32 = 2;
pub const P_COST: u32 = 1;

/// What the server stores about a plan: no passwords, one digest.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Digest {
    pub salt_hex: String,
    pub hash_hex: String,
    pub m_cost_kib: u32,
    pub t_cost: u32,
    pub p_cost: u32,
}

impl fmt::Debug for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Digest(argon2id m={} t={} p={})", self.m_cost_kib, self.t_cost, self.p_cost)
    }
}

/// The exact bytes a plan is hashed over: plan id, then each item's kind, login and password,
/// each length-prefixed, in the plan's order. Unambiguous by construction.
fn message(plan_id: &str, items: &[Item]) -> Vec<u8> {
    let mut m = Vec::with_capacity(64 + items.len() * 64);
    let mut put = |b: &[u8]| {
        m.extend_from_slice(&(b.len() as u64).to_be_bytes());
        m.extend_from_slice(b);
    };
    put(b"secure-reopen plan v1");
    put(plan_id.as_bytes());
    for it in items {
        put(it.id.kind.code().as_bytes());
        put(it.id.login.as_bytes());
        put(it.password.expose().as_bytes());
    }
    m
}

fn argon(m: u32, t: u32, p: u32) -> Result<Argon2<'static>, String> {
    let params = Params::new(m, t, p, Some(32)).map_err(|e| e.to_string())?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

fn hash(plan_id: &str, items: &[Item], salt: &[u8], m: u32, t: u32, p: u32) -> Result<[u8; 32], String> {
    let mut msg = message(plan_id, items);
    let mut out = [0u8; 32];
    let r = argon(m, t, p)?.hash_password_into(&msg, salt, &mut out).map_err(|e| e.to_string());
    msg.zeroize();
    r.map(|()| out)
}

pub fn digest(plan_id: &str, items: &[Item]) -> Result<Digest, String> {
    let mut salt = [0u8; 16];
    rand::fill(&mut salt);
    let h = hash(plan_id, items, &salt, M_COST_KIB, T_COST, P_COST)?;
    Ok(Digest {
        salt_hex: crate::audit::hex(&salt),
        hash_hex: crate::audit::hex(&h),
        m_cost_kib: M_COST_KIB,
        t_cost: T_COST,
        p_cost: P_COST,
    })
}

/// True when `items` are exactly the plan the digest was made of (same order, same passwords).
pub fn verify(plan_id: &str, items: &[Item], d: &Digest) -> bool {
    let (Some(salt), Some(want)) = (unhex(&d.salt_hex), unhex(&d.hash_hex)) else {
        return false;
    };
    // Never weaker than the minimum, whatever a stored record says.
    if d.m_cost_kib < M_COST_KIB || d.t_cost < T_COST || d.p_cost < P_COST {
        return false;
    }
    match hash(plan_id, items, &salt, d.m_cost_kib, d.t_cost, d.p_cost) {
        Ok(got) => bool::from(got.as_slice().ct_eq(&want)),
        Err(_) => false,
    }
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len()).step_by(2).map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok()).collect()
}

/// CSV (`kind,login,password`, CRLF lines) for the download; fields quoted where needed, so
/// [`from_csv`] reads back exactly what was written.
pub fn to_csv(items: &[Item]) -> String {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    let rows = std::iter::once(["kind", "login", "password"])
        .chain(items.iter().map(|it| [it.id.kind.code(), it.id.login.as_str(), it.password.expose()]));
    for row in rows {
        // Writing into memory fails only when out of memory, which aborts anyway.
        w.write_record(row).expect("CSV into memory");
    }
    let bytes = w.into_inner().map_err(|e| e.into_error()).expect("CSV into memory");
    String::from_utf8(bytes).expect("CSV of UTF-8 fields is UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items() -> Vec<Item> {
        vec![
            Item {
                id: CredentialId { kind: Kind::Email, login: "info@demo-shop.example".into() },
                password: super::super::generate(),
                custom: false,
            },
            Item {
                id: CredentialId { kind: Kind::Mysql, login: "demo_wpuser".into() },
                password: super::super::generate(),
                custom: false,
            },
        ]
    }

    #[test]
    fn digest_verifies_the_same_plan_only() {
        let plan = items();
        let d = digest("p1", &plan).unwrap();
        assert!(verify("p1", &plan, &d));
        assert!(!verify("p2", &plan, &d), "another plan id");
        let mut swapped = plan.clone();
        swapped.swap(0, 1);
        assert!(!verify("p1", &swapped, &d), "reordered");
        let mut weak = plan.clone();
        weak[0].password = Secret::new("password123".into());
        assert!(!verify("p1", &weak, &d), "substituted password");
        assert!(!verify("p1", &plan[..1], &d), "item dropped");
        let mut extra = plan.clone();
        extra.push(plan[0].clone());
        assert!(!verify("p1", &extra, &d), "item added");
        let mut lowered = d.clone();
        lowered.m_cost_kib = 8;
        assert!(!verify("p1", &plan, &lowered), "weakened parameters");
    }

    #[test]
    fn csv_quotes_awkward_values() {
        let mut plan = items();
        plan[0].password = Secret::new("a,\"b".into());
        assert!(to_csv(&plan).contains("email,info@demo-shop.example,\"a,\"\"b\"\r\n"));
    }

    /// Regression: the hand-written CSV split the paste-back on newlines, so a value with a
    /// line break in it (an own password, a login) did not read back as written.
    #[test]
    fn the_csv_sheet_reads_back_exactly_what_it_wrote() {
        let mut plan = items();
        plan[0].password = Secret::new("a,\"b\"\nc\r\nd ø Å € 密码 ,".into());
        plan[1].id.login = "demo_wp,\"user\"\nø".into();
        let csv = to_csv(&plan);
        assert!(csv.starts_with("kind,login,password\r\n"), "{csv}");
        let back = from_csv(&csv).unwrap();
        assert_eq!(back.len(), plan.len());
        for ((id, pw), it) in back.iter().zip(&plan) {
            assert_eq!(id, &it.id);
            assert_eq!(pw.expose(), it.password.expose());
        }
        let pasted: Vec<(String, String)> =
            from_sheet(&csv).unwrap().into_iter().map(|(l, p)| (l, p.expose().to_owned())).collect();
        let want: Vec<(String, String)> =
            plan.iter().map(|i| (i.id.login.clone(), i.password.expose().to_owned())).collect();
        assert_eq!(pasted, want);
    }

    #[test]
    fn a_csv_row_without_three_fields_is_named() {
        let e = from_csv("kind,login,password\r\nemail,info@demo-shop.example\r\n").unwrap_err();
        assert_eq!(e, "row 2 needs 3 fields");
    }
}

/// What the server keeps of a plan between phase 1 and phase 2: ids, one digest, and what it
/// needs to show the same sheet again with the seed the customer's browser holds (never the
/// seed itself, never a password in plaintext).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Stored {
    pub plan_id: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: time::OffsetDateTime,
    pub items: Vec<CredentialId>,
    pub digest: Digest,
    /// HMAC of the plan id under the seed: tells whether a browser's seed belongs to this plan.
    #[serde(default)]
    pub seed_check: String,
    /// Item index → how many generated candidates were skipped (zxcvbn below 4; almost never).
    #[serde(default)]
    pub bumps: std::collections::BTreeMap<usize, u32>,
    /// Item index → the customer's own password, sealed under the seed.
    #[serde(default)]
    pub own: std::collections::BTreeMap<usize, Sealed>,
    /// The plan this one replaced (its sheet is void for the items of this plan).
    #[serde(default)]
    pub replaced: Option<Replaced>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Replaced {
    pub plan_id: String,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: time::OffsetDateTime,
}

/// An own password sealed under the seed: XOR with an HMAC-SHA256 key stream (fresh nonce per
/// seal). The plan's argon2id digest authenticates the result when the plan is applied.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Sealed {
    pub nonce: String,
    pub ct: String,
}

/// The plan's seed: 32 random bytes that live only in the customer's browser (a cookie), so
/// the same sheet can be shown again (reload, Back, print) without any password on disk.
#[derive(Clone, PartialEq, Eq)]
pub struct Seed([u8; 32]);

impl fmt::Debug for Seed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Seed(<redacted>)")
    }
}

impl Drop for Seed {
    fn drop(&mut self) {
        self.0.zeroize();
    }
}

impl Seed {
    pub fn random() -> Seed {
        let mut b = [0u8; 32];
        rand::fill(&mut b);
        Seed(b)
    }

    pub fn to_hex(&self) -> String {
        crate::audit::hex(&self.0)
    }

    pub fn from_hex(s: &str) -> Option<Seed> {
        let v = unhex(s)?;
        <[u8; 32]>::try_from(v.as_slice()).ok().map(Seed)
    }

    /// HMAC-SHA256 under the seed of length-prefixed parts.
    fn prf(&self, parts: &[&[u8]]) -> [u8; 32] {
        use hmac::{Hmac, Mac};
        let mut m = <Hmac<sha2::Sha256> as Mac>::new_from_slice(&self.0).expect("HMAC takes any key length");
        for p in parts {
            m.update(&(p.len() as u64).to_be_bytes());
            m.update(p);
        }
        m.finalize().into_bytes().into()
    }

    pub fn check(&self, plan_id: &str) -> String {
        crate::audit::hex(&self.prf(&[b"check", plan_id.as_bytes()]))
    }

    /// True when this seed made `stored` (constant time).
    pub fn belongs_to(&self, stored: &Stored) -> bool {
        bool::from(self.check(&stored.plan_id).as_bytes().ct_eq(stored.seed_check.as_bytes()))
    }

    /// Candidate `bump` of item `index`: 20 symbols of [`super::ALPHABET`], drawn without bias
    /// (rejection sampling) from an HMAC stream.
    pub fn candidate(&self, plan_id: &str, index: usize, bump: u32) -> Secret {
        let alpha = super::ALPHABET;
        let limit = (256 / alpha.len() * alpha.len()) as u8;
        let mut out = String::with_capacity(super::LENGTH);
        let mut block = 0u32;
        while out.len() < super::LENGTH {
            let bytes = self.prf(&[
                b"password",
                plan_id.as_bytes(),
                &(index as u64).to_be_bytes(),
                &bump.to_be_bytes(),
                &block.to_be_bytes(),
            ]);
            for b in bytes {
                if b < limit && out.len() < super::LENGTH {
                    out.push(alpha[b as usize % alpha.len()] as char);
                }
            }
            block += 1;
        }
        Secret::new(out)
    }

    fn stream(&self, plan_id: &str, index: usize, nonce: &[u8], len: usize) -> Vec<u8> {
        let mut ks = Vec::with_capacity(len + 32);
        let mut block = 0u32;
        while ks.len() < len {
            ks.extend_from_slice(&self.prf(&[
                b"own",
                plan_id.as_bytes(),
                &(index as u64).to_be_bytes(),
                nonce,
                &block.to_be_bytes(),
            ]));
            block += 1;
        }
        ks.truncate(len);
        ks
    }

    pub fn seal(&self, plan_id: &str, index: usize, pw: &Secret) -> Sealed {
        let mut nonce = [0u8; 16];
        rand::fill(&mut nonce);
        let ks = self.stream(plan_id, index, &nonce, pw.expose().len());
        let ct: Vec<u8> = pw.expose().bytes().zip(ks).map(|(a, b)| a ^ b).collect();
        Sealed { nonce: crate::audit::hex(&nonce), ct: crate::audit::hex(&ct) }
    }

    pub fn open(&self, plan_id: &str, index: usize, s: &Sealed) -> Option<Secret> {
        let nonce = unhex(&s.nonce)?;
        let ct = unhex(&s.ct)?;
        let ks = self.stream(plan_id, index, &nonce, ct.len());
        let pt: Vec<u8> = ct.iter().zip(ks).map(|(a, b)| a ^ b).collect();
        String::from_utf8(pt).ok().map(Secret::new)
    }
}

/// A new plan's passwords from `seed`: candidate 0 of each item unless zxcvbn scores it below
/// 4 against the account's names (then the next; the skip count is stored).
pub fn generate_from_seed(
    seed: &Seed,
    plan_id: &str,
    ids: &[CredentialId],
    user_inputs: &[&str],
) -> (Vec<Item>, std::collections::BTreeMap<usize, u32>) {
    let mut bumps = std::collections::BTreeMap::new();
    let items = ids
        .iter()
        .enumerate()
        .map(|(n, id)| {
            let mut bump = 0;
            let password = loop {
                let c = seed.candidate(plan_id, n, bump);
                if super::zxcvbn_score(c.expose(), user_inputs) == 4 {
                    break c;
                }
                bump += 1;
            };
            if bump > 0 {
                bumps.insert(n, bump);
            }
            Item { id: id.clone(), password, custom: false }
        })
        .collect();
    (items, bumps)
}

/// The sheet again, from the seed and what the server stored. `None` when the seed is not this
/// plan's or a sealed own password does not open.
pub fn items_from_seed(seed: &Seed, stored: &Stored) -> Option<Vec<Item>> {
    if !seed.belongs_to(stored) {
        return None;
    }
    stored
        .items
        .iter()
        .enumerate()
        .map(|(n, id)| {
            let (password, custom) = match stored.own.get(&n) {
                Some(s) => (seed.open(&stored.plan_id, n, s)?, true),
                None => (seed.candidate(&stored.plan_id, n, stored.bumps.get(&n).copied().unwrap_or(0)), false),
            };
            Some(Item { id: id.clone(), password, custom })
        })
        .collect()
}

pub fn stored_path(state_dir: &std::path::Path) -> std::path::PathBuf {
    state_dir.join("plan.json")
}

/// The stored plan; a damaged file is moved aside with a time stamp (and logged), so the
/// customer can make a new plan instead of meeting an error page for good.
pub fn load_stored(state_dir: &std::path::Path) -> std::io::Result<Option<Stored>> {
    let p = stored_path(state_dir);
    match crate::fsutil::read_json(&p) {
        Err(e) if p.exists() && e.kind() == std::io::ErrorKind::Other => {
            let stamp = time::OffsetDateTime::now_utc().unix_timestamp_nanos();
            let aside = state_dir.join(format!("plan.json.damaged-{stamp}"));
            std::fs::rename(&p, &aside)?;
            crate::log::event("record_damaged", &[("file", &aside.display().to_string())]);
            Ok(None)
        }
        r => r,
    }
}

pub fn save_stored(state_dir: &std::path::Path, s: &Stored) -> std::io::Result<()> {
    crate::fsutil::write_json(&stored_path(state_dir), s, 0o600)
}

/// A new random plan id (not secret; it binds the digest to one plan).
pub fn new_plan_id() -> String {
    let mut b = [0u8; 12];
    rand::fill(&mut b);
    crate::audit::hex(&b)
}

/// The text download: a title, then `kind<TAB>login<TAB>password` per line. A retry accepts it
/// as well as the CSV.
pub fn to_text(title: &str, kind: fn(Kind) -> &'static str, items: &[Item]) -> String {
    let mut out = format!("{title}\n\n");
    for it in items {
        out.push_str(&format!("{}\t{}\t{}\n", kind(it.id.kind), it.id.login, it.password.expose()));
    }
    out
}

/// A pasted sheet, CSV or text download: `(login, password)` in order.
pub fn from_sheet(text: &str) -> Result<Vec<(String, Secret)>, String> {
    if text.contains('\t') {
        return Ok(text
            .lines()
            .map(|l| l.trim_end_matches('\r'))
            .filter_map(|l| {
                let f: Vec<&str> = l.split('\t').collect();
                (f.len() == 3).then(|| (f[1].to_owned(), Secret::new(f[2].to_owned())))
            })
            .collect());
    }
    Ok(from_csv(text)?.into_iter().map(|(id, pw)| (id.login, pw)).collect())
}

/// Parses `kind,login,password` records (the CSV download), in order, skipping the header.
pub fn from_csv(text: &str) -> Result<Vec<(CredentialId, Secret)>, String> {
    let mut r = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut out = Vec::new();
    for (n, record) in r.records().enumerate() {
        let record = record.map_err(|e| format!("row {} is not valid CSV: {e}", n + 1))?;
        let row = n + 1;
        if n == 0 && record.get(0) == Some("kind") {
            continue;
        }
        let fields: Vec<String> = record.iter().map(str::to_owned).collect();
        let [kind, login, password] =
            <[String; 3]>::try_from(fields).map_err(|_| format!("row {row} needs 3 fields"))?;
        let kind = Kind::from_code(&kind).ok_or_else(|| format!("row {row}: unknown kind {kind:?}"))?;
        out.push((CredentialId { kind, login }, Secret::new(password)));
    }
    Ok(out)
}
