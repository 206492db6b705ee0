//! Apache's reading of the per-user include files, as far as it decides whether a request is
//! answered: EasyApache 4 includes `…/userdata/{std,ssl}/2_4/USER/*.conf` in every virtual host
//! of the user and `…/USER/DOMAIN/*.conf` in that domain's (cPanel's "Modify Apache Virtual
//! Hosts with Include Files"). Understood: `<IfModule>` (mod_rewrite and mod_alias are
//! loaded, as on EasyApache 4), mod_rewrite's `RewriteCond` on `%{REMOTE_ADDR}` (`=`/`!=`) and
//! `%{REQUEST_URI}` (`^prefix`, `!^prefix`), `RewriteRule … [R=503…]` (a status outside 3xx
//! ends the request with it), and mod_alias's `RedirectMatch 503 ^/(?!\.well-known/)`. A
//! condition the simulator does not understand counts as true (the request is closed).

use std::net::IpAddr;
use std::path::Path;

const LOADED: &[&str] = &["mod_rewrite.c", "mod_alias.c"];

/// Whether a request for `uri` (starting with `/`) from `remote` is answered 503 by the
/// `.conf` files directly in `dir`.
pub fn closed_by(dir: &Path, remote: IpAddr, uri: &str) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else { return false };
    entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x == "conf"))
        .any(|p| std::fs::read_to_string(&p).is_ok_and(|text| closes(&text, remote, uri)))
}

fn closes(text: &str, remote: IpAddr, uri: &str) -> bool {
    // A stack of <IfModule> blocks: is each one active?
    let mut active: Vec<bool> = Vec::new();
    let mut conds: Vec<bool> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        if let Some(m) = line.strip_prefix("<IfModule ").and_then(|r| r.strip_suffix('>')) {
            let (neg, name) = m.strip_prefix('!').map_or((false, m), |n| (true, n));
            active.push(LOADED.contains(&name) != neg);
            continue;
        }
        if line.eq_ignore_ascii_case("</IfModule>") {
            active.pop();
            continue;
        }
        if active.iter().any(|a| !a) {
            continue;
        }
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["RewriteCond", var, pattern, ..] => conds.push(cond(var, pattern, remote, uri)),
            ["RewriteRule", _, _, flags, ..] => {
                let all = conds.iter().all(|c| *c);
                conds.clear();
                if all && flags.trim_matches(['[', ']']).split(',').any(|f| f == "R=503") {
                    return true;
                }
            }
            ["RedirectMatch", "503", pattern]
                if *pattern == "^/(?!\\.well-known/)" && !uri.starts_with("/.well-known/") =>
            {
                return true;
            }
            _ => {}
        }
    }
    false
}

fn cond(var: &str, pattern: &str, remote: IpAddr, uri: &str) -> bool {
    let (neg, pat) = pattern.strip_prefix('!').map_or((false, pattern), |p| (true, p));
    let hit = match var {
        "%{REMOTE_ADDR}" => match pat.strip_prefix('=') {
            Some(ip) => ip.parse::<IpAddr>().is_ok_and(|ip| ip == remote),
            None => return true,
        },
        "%{REQUEST_URI}" => match pat.strip_prefix('^') {
            Some(prefix) if !prefix.contains(['(', '[', '*', '+', '?', '|', '$']) => {
                uri.starts_with(&prefix.replace("\\.", "."))
            }
            _ => return true,
        },
        _ => return true,
    };
    hit != neg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrite_and_alias_rules_close_as_apache_reads_them() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let rw = "<IfModule mod_rewrite.c>\nRewriteEngine On\nRewriteCond %{REQUEST_URI} !^/\\.well-known/\nRewriteCond %{REMOTE_ADDR} !=203.0.113.5\nRewriteRule ^ - [R=503,L]\n</IfModule>\n<IfModule !mod_rewrite.c>\nRedirectMatch 503 ^/(?!\\.well-known/)\n</IfModule>\n";
        assert!(closes(rw, ip("198.51.100.1"), "/"));
        assert!(!closes(rw, ip("203.0.113.5"), "/wp-admin/"));
        assert!(!closes(rw, ip("198.51.100.1"), "/.well-known/acme-challenge/x"));
        let alias = "<IfModule mod_alias.c>\nRedirectMatch 503 ^/(?!\\.well-known/)\n</IfModule>\n";
        assert!(closes(alias, ip("203.0.113.5"), "/"));
        assert!(!closes(alias, ip("203.0.113.5"), "/.well-known/x"));
        assert!(!closes("ServerAlias www.example.com\n", ip("203.0.113.5"), "/"));
    }
}
