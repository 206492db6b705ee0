//! The persistence sweep: what attackers leave behind so they can come back. File detectors
//! (`files`) walk the document roots; account detectors (cron, forwarders, tokens…) read
//! cPanel. Every finding says what, where, why, with a short evidence excerpt.

pub mod detect;
pub mod files;
