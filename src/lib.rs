//! secure-reopen: a cPanel plugin that walks the owner of a hacked website back to a safe,
//! reopened account. See ARCHITECTURE.md for the map.

pub mod incident;
pub mod paths;
