//! secure-reopen: a cPanel plugin that walks the owner of a hacked website back to a safe,
//! reopened account. See ARCHITECTURE.md for the map.

pub mod admin;
pub mod cgi;
pub mod i18n;
pub mod incident;
pub mod log;
pub mod pages;
pub mod paths;
pub mod uapi;
pub mod user;
