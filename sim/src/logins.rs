//! "Can this user log in to this service with this password?" — how tests prove that a new
//! password works and an old one does not.

use std::path::Path;

use crate::state::World;

pub fn check(world: &World, root: &Path, service: &str, user: &str, password: &str) -> bool {
    for a in world.accounts.values() {
        let ok = match service {
            "cpanel" => a.user == user && a.password.matches(password) && !a.suspended,
            "email" => {
                a.mailboxes.iter().any(|m| m.email == user && !m.suspended_login && m.password.matches(password))
            }
            "ftp" => {
                let known =
                    a.ftp.iter().any(|f| f.user == user && f.password.as_ref().is_some_and(|h| h.matches(password)))
                        || (a.user == user && a.password.matches(password));
                known && !crate::ftpfile::locked(root, &a.user, user)
            }
            "mysql" => a.mysql_users.iter().any(|u| u.user == user && u.password.matches(password)),
            "postgres" => a.postgres_users.iter().any(|u| u.user == user && u.password.matches(password)),
            // cpdavd reads `~/etc/webdav/shadow`: a `!` or `*LOCKED*` before the hash locks the login.
            "webdisk" => a.webdisk.iter().any(|w| {
                w.login == user
                    && w.password.matches(password)
                    && std::fs::read_to_string(a.home.join("etc/webdav/shadow"))
                        .ok()
                        .and_then(|t| {
                            t.lines()
                                .find(|l| l.split(':').next() == Some(user))
                                .and_then(|l| l.split(':').nth(1).map(str::to_owned))
                        })
                        .is_some_and(|h| h == w.password.encoded())
            }),
            "subaccount" => a
                .subaccounts
                .iter()
                .any(|s| format!("{}@{}", s.username, s.domain) == user && s.password.matches(password)),
            _ => false,
        };
        if ok {
            return true;
        }
    }
    false
}
